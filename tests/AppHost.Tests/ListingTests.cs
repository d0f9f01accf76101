using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AppHost.Tests;

[Collection(ImageServiceCollection.Name)]
public partial class ListingTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task A_users_images_come_newest_first()
    {
        var userId = ImageApiClient.NewUserId();
        var created = await CreateImagesAsync(userId, 3);

        var listed = await ListAsync($"/images?user_id={userId}");

        Assert.Equal(created.AsEnumerable().Reverse(), listed.Select(Id));
        var times = listed.Select(i => DateTimeOffset.Parse(i["upload_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    [Fact]
    public async Task Pages_of_a_users_listing_return_every_image_exactly_once()
    {
        var userId = ImageApiClient.NewUserId();
        var created = await CreateImagesAsync(userId, 7);

        var (pages, seen) = await FollowPagesAsync($"/images?user_id={userId}&limit=3");

        Assert.True(pages >= 3, $"7 images in pages of 3 took {pages} pages");
        Assert.Equal(created.Order(), seen.Order());
    }

    [Fact]
    public async Task Pages_of_the_full_listing_never_lose_or_repeat_an_image()
    {
        var userId = ImageApiClient.NewUserId();
        var created = await CreateImagesAsync(userId, 5);

        var (_, seen) = await FollowPagesAsync("/images?limit=4");

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), created.ToHashSet());
    }

    [Fact]
    public async Task The_body_stays_an_array_and_the_next_page_is_in_a_link_header()
    {
        var userId = ImageApiClient.NewUserId();
        await CreateImagesAsync(userId, 2);

        using var response = await Api.Http.GetAsync($"/images?user_id={userId}&limit=1");

        Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(response));
        var link = Assert.Single(response.Headers.GetValues("Link"));
        Assert.Matches(NextLink(), link);
    }

    [Fact]
    public async Task Tag_filter_keeps_only_tagged_images()
    {
        var userId = ImageApiClient.NewUserId();
        var tagged = Id(await Api.CreateUploadAsync(userId, tags: ["cats", "pets"]));
        await Api.CreateUploadAsync(userId, tags: ["dogs"]);
        await Api.CreateUploadAsync(userId);

        var byUser = await ListAsync($"/images?user_id={userId}&tag=cats");
        Assert.Equal([tagged], byUser.Select(Id));

        var tag = "unique-" + Guid.NewGuid().ToString("N");
        var everywhere = Id(await Api.CreateUploadAsync(ImageApiClient.NewUserId(), tags: [tag]));
        Assert.Equal([everywhere], (await ListAsync($"/images?tag={tag}")).Select(Id));
    }

    [Fact]
    public async Task Date_filters_select_by_upload_time()
    {
        var userId = ImageApiClient.NewUserId();
        var image = await Api.CreateUploadAsync(userId);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal([Id(image)], (await ListAsync($"/images?user_id={userId}&start_date={today}&end_date={today}")).Select(Id));
        Assert.Equal([Id(image)], (await ListAsync($"/images?user_id={userId}&start_date={yesterday}")).Select(Id));
        Assert.Empty(await ListAsync($"/images?user_id={userId}&start_date={tomorrow}"));
        Assert.Empty(await ListAsync($"/images?user_id={userId}&end_date={yesterday}"));
    }

    [Fact]
    public async Task An_unknown_user_has_an_empty_list() =>
        Assert.Empty(await ListAsync($"/images?user_id={ImageApiClient.NewUserId()}"));

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=x", "limit")]
    [InlineData("start_date=not-a-date", "start_date")]
    [InlineData("start_date=2024-02-02&end_date=2024-01-01", "end_date")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    public async Task Bad_query_parameters_are_400_naming_the_field(string query, string field)
    {
        using var response = await Api.Http.GetAsync($"/images?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ImageApiClient.ReadJsonAsync(response);
        Assert.NotNull(problem["errors"]![field]);
    }

    private async Task<List<string>> CreateImagesAsync(string userId, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add(Id(await Api.CreateUploadAsync(userId)));
        return ids;
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_reads_a_bounded_number_of_pages_then_links_onward()
    {
        var userId = ImageApiClient.NewUserId();
        await CreateImagesAsync(userId, 6);

        using var first = await Api.Http.GetAsync($"/images?user_id={userId}&tag=no-such-tag&limit=1");

        Assert.Empty(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(first)));
        var next = ImageApiClient.NextPage(first);
        Assert.NotNull(next);
        var (_, seen) = await FollowPagesAsync(next);
        Assert.Empty(seen);
    }

    private async Task<(int Pages, List<string> Seen)> FollowPagesAsync(string firstPage)
    {
        var seen = new List<string>();
        var pages = 0;
        string? next = firstPage;
        while (next is not null)
        {
            Assert.True(++pages < 1000, "pagination does not end");
            using var response = await Api.Http.GetAsync(next);
            seen.AddRange(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(response)).Select(i => Id(i!)));
            next = ImageApiClient.NextPage(response);
        }
        return (pages, seen);
    }

    private async Task<List<JsonNode>> ListAsync(string path)
    {
        using var response = await Api.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(response)).Select(i => i!)];
    }

    private static string Id(JsonNode image) => image["image_id"]!.GetValue<string>();

    // Relative, so it stays right behind a TLS proxy whatever Host and scheme the API saw.
    [GeneratedRegex("""^</images\?[^>]+>; rel="next"$""")]
    private static partial Regex NextLink();
}
