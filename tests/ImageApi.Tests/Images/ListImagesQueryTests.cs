using System.Security.Cryptography;
using CloudImageService.Http;
using CloudImageService.Images;

namespace ImageApi.Tests.Images;

public class ListImagesQueryTests
{
    private static readonly ImageOptions Limits = TestOptions.Images();
    private static readonly PageCursorProtector Cursors = new(RandomNumberGenerator.GetBytes(32), TimeProvider.System, TimeSpan.FromDays(1));

    private static readonly InMemoryImageCatalog Catalog = new(new InMemoryImageStore());

    private static ListImagesQuery Query(
        string? userId = null, string? tag = null, string? start = null, string? end = null,
        string? limit = null, string? cursor = null) => new(userId, tag, start, end, limit, cursor, ThumbnailSize: null);

    [Fact]
    public void No_parameters_list_everything_with_the_default_page_size()
    {
        Assert.True(Query().TryParse(Limits, Cursors, Catalog, callerId: null, out var request, out _));
        Assert.Equal(new ImageListFilter(null, null, null, null), request.Filter);
        Assert.Equal(Limits.DefaultPageSize, request.PageSize);
        Assert.Null(request.Cursor);
    }

    [Fact]
    public void A_date_alone_covers_the_whole_day()
    {
        Assert.True(Query(start: "2024-05-01", end: "2024-05-01").TryParse(Limits, Cursors, Catalog, callerId: null, out var request, out _));
        Assert.Equal(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), request.Filter.From);
        Assert.Equal(new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1), request.Filter.To);
    }

    [Fact]
    public void Date_times_with_offsets_are_converted_to_utc()
    {
        Assert.True(Query(start: "2024-05-01T12:00:00+02:00").TryParse(Limits, Cursors, Catalog, callerId: null, out var request, out _));
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), request.Filter.From);
        Assert.Equal(DateTimeKind.Utc, request.Filter.From!.Value.Kind);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01")]
    [InlineData("2024-05-01T25:00:00Z")]
    [InlineData("1714557600")]
    [InlineData("")]
    public void Bad_dates_are_named(string date)
    {
        Assert.False(Query(start: date).TryParse(Limits, Cursors, Catalog, callerId: null, out _, out var errors));
        Assert.Equal(["start_date"], errors.Keys);
    }

    [Fact]
    public void The_last_representable_day_is_a_valid_end_date()
    {
        Assert.True(Query(end: "9999-12-31").TryParse(Limits, Cursors, Catalog, callerId: null, out var request, out _));
        Assert.Equal(DateTime.MaxValue, request.Filter.To);
    }

    [Fact]
    public void An_end_before_the_start_is_refused()
    {
        Assert.False(Query(start: "2024-05-02", end: "2024-05-01").TryParse(Limits, Cursors, Catalog, callerId: null, out _, out var errors));
        Assert.Equal(["end_date"], errors.Keys);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData(" 5")]
    [InlineData("99999999999999999999")]
    [InlineData("5\0")]
    [InlineData("5 ")]
    [InlineData("+5")]
    [InlineData("")]
    public void Bad_limits_are_named(string limit)
    {
        Assert.False(Query(limit: limit).TryParse(Limits, Cursors, Catalog, callerId: null, out _, out var errors));
        Assert.Equal(["limit"], errors.Keys);
    }

    [Fact]
    public void A_cursor_from_another_users_listing_is_refused()
    {
        var cursor = Cursors.Protect(new PageCursor(new ImageListFilter("bob", null, null, null), new Dictionary<string, string>
        {
            ["image_id"] = Guid.NewGuid().ToString(),
            ["user_id"] = "bob",
            ["upload_time"] = "2024-05-01T10:00:00.000000Z",
        }), issuedTo: null);

        Assert.False(Query(userId: "alice", cursor: cursor).TryParse(Limits, Cursors, Catalog, callerId: null, out _, out var errors));
        Assert.Equal(["cursor"], errors.Keys);
        Assert.True(Query(userId: "bob", cursor: cursor).TryParse(Limits, Cursors, Catalog, callerId: null, out var request, out _));
        Assert.Equal("bob", request.Cursor!.UserId);
    }
}
