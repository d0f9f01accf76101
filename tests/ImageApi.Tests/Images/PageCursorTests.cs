using System.Security.Cryptography;
using System.Text;
using CloudImageService.Http;
using CloudImageService.Images;

namespace ImageApi.Tests.Images;

public class PageCursorTests
{
    private readonly PageCursorProtector _protector = new(RandomNumberGenerator.GetBytes(32), TimeProvider.System, TimeSpan.FromDays(1));

    private static readonly Dictionary<string, string> UserKey = new()
    {
        ["image_id"] = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e",
        ["user_id"] = "alice",
        ["upload_time"] = "2024-05-01T10:00:00.000000Z",
    };

    [Fact]
    public void A_cursor_survives_encoding()
    {
        var encoded = _protector.Protect(new PageCursor(new ImageListFilter("alice", null, null, null), UserKey), issuedTo: null);

        Assert.True(_protector.TryUnprotect(encoded, out var decoded));
        Assert.Equal("alice", decoded!.UserId);
        Assert.Equal(UserKey, decoded.LastKey);
    }

    [Fact]
    public void The_encoding_is_url_safe()
    {
        var encoded = _protector.Protect(new PageCursor(new ImageListFilter("a/b+c?d", null, null, null), UserKey), issuedTo: null);
        Assert.DoesNotContain(encoded, c => c is '+' or '/' or '=' or '?' or '&');
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-base64!!")]
    [InlineData("e30")] // {}
    [InlineData("bnVsbA")] // null
    [InlineData("eyJVIjoiYSIsIksiOnt9fQ")] // {"U":"a","K":{}}
    [InlineData("eyJVIjoiYSIsIksiOnt9fQ.")]
    [InlineData(".AAAA")]
    public void Garbage_is_refused(string encoded) => Assert.False(_protector.TryUnprotect(encoded, out _));

    [Fact]
    public void Oversized_cursors_are_refused() =>
        Assert.False(_protector.TryUnprotect(Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', 5000))), out _));

    [Fact]
    public void An_edited_cursor_is_refused()
    {
        var encoded = _protector.Protect(new PageCursor(new ImageListFilter("alice", null, null, null), UserKey), issuedTo: null);
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(encoded.Split('.')[0]));
        var forged = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace("alice", "bob00"))) + "." + encoded.Split('.')[1];

        Assert.False(_protector.TryUnprotect(forged, out _));
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_refused()
    {
        var other = new PageCursorProtector(RandomNumberGenerator.GetBytes(32), TimeProvider.System, TimeSpan.FromDays(1));
        Assert.False(_protector.TryUnprotect(other.Protect(new PageCursor(new ImageListFilter("alice", null, null, null), UserKey), issuedTo: null), out _));
    }

    [Fact]
    public void A_cursor_fits_only_the_listing_it_was_issued_for()
    {
        var alice = new ImageListFilter("alice", null, null, null);
        var userCursor = new PageCursor(alice, UserKey);
        Assert.True(userCursor.FitsListing(alice));
        Assert.False(userCursor.FitsListing(alice with { UserId = "bob" }));
        Assert.False(userCursor.FitsListing(alice with { UserId = null }));

        var everyone = new ImageListFilter(null, null, null, null);
        var scanCursor = new PageCursor(everyone, new Dictionary<string, string> { ["image_id"] = UserKey["image_id"] });
        Assert.True(scanCursor.FitsListing(everyone));
        Assert.False(scanCursor.FitsListing(alice));

        Assert.Equal(CursorCheck.Valid, _protector.Check(_protector.Protect(userCursor, issuedTo: null), alice, callerId: null, out _));
        Assert.Equal(CursorCheck.Invalid, _protector.Check(_protector.Protect(userCursor, issuedTo: null), everyone, callerId: null, out _));
    }

    [Fact]
    public void A_cursor_does_not_fit_the_same_users_listing_with_other_filters()
    {
        var filter = new ImageListFilter("alice", "beach", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), null);
        var cursor = new PageCursor(filter, UserKey);

        Assert.True(cursor.FitsListing(filter));
        Assert.False(cursor.FitsListing(filter with { Tag = "city" }));
        Assert.False(cursor.FitsListing(filter with { From = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) }));
        Assert.False(cursor.FitsListing(filter with { To = DateTime.MaxValue }));
    }

    [Fact]
    public void A_cursor_whose_key_names_another_user_is_refused()
    {
        var catalog = new InMemoryImageCatalog(new InMemoryImageStore());
        var limits = TestOptions.Images();
        var alice = new ListImagesQuery("alice", null, null, null, null, null, null);
        var forged = new PageCursor(new ImageListFilter("alice", null, null, null), new Dictionary<string, string>(UserKey) { ["user_id"] = "bob" });
        Assert.False((alice with { Cursor = _protector.Protect(forged, issuedTo: null) }).TryParse(limits, _protector, catalog, callerId: null, out _, out var errors));
        Assert.Contains("not valid for this listing", Assert.Single(errors["cursor"]));

        var wrongShape = new PageCursor(new ImageListFilter("alice", null, null, null), new Dictionary<string, string> { ["image_id"] = UserKey["image_id"] });
        Assert.False((alice with { Cursor = _protector.Protect(wrongShape, issuedTo: null) }).TryParse(limits, _protector, catalog, callerId: null, out _, out errors));
        Assert.Contains("not valid for this listing", Assert.Single(errors["cursor"]));
    }
}
