using System.Net;
using CloudImageService.Images;

namespace ImageApi.Tests.Api;

/// <summary>Listing parameters arrive as text: each one that cannot be honoured is a 400 naming it, and a cursor serves only its own listing.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class ListingQueryTests(InMemoryApi api)
{
    [Theory]
    [InlineData("start_date=yesterday", "start_date")]
    [InlineData("start_date=2024-02-30", "start_date")]
    [InlineData("end_date=2024-13-01", "end_date")]
    [InlineData("end_date=31.01.2024", "end_date")]
    [InlineData("start_date=2024-02-01&end_date=2024-01-01", "end_date")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=1e2", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=eyJ1IjoiYWxpY2UifQ.AAAAAAAAAAAAAAAAAAAAAA", "cursor")]
    [InlineData("thumbnail_size=7", "thumbnail_size")]
    [InlineData("tag=", "tag")]
    [InlineData("order=newest", "order")]
    [InlineData("order=taken%00", "order")]
    public async Task A_listing_parameter_that_cannot_be_honoured_is_a_400_naming_it(string query, string field)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/images?user_id=alice&{query}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Fact]
    public async Task An_overlong_user_id_is_a_400_naming_user_id()
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/images?user_id={new string('u', 129)}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["user_id"]);
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400_naming_cursor()
    {
        var user = SeedUser();
        var cursor = await NextCursorAsync(user);
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        using var response = await api.SendAsync(HttpMethod.Get, $"/images?user_id={user}&limit=1&cursor={Uri.EscapeDataString(tampered)}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["cursor"]);
    }

    [Fact]
    public async Task A_cursor_sent_with_other_filters_is_a_400_that_says_why()
    {
        var user = SeedUser();
        var cursor = await NextCursorAsync(user);

        using var response = await api.SendAsync(HttpMethod.Get, $"/images?user_id={user}&tag=beach&limit=1&cursor={Uri.EscapeDataString(cursor)}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("not valid for this listing", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_listing_is_an_array_newest_first_that_links_its_next_page()
    {
        var user = SeedUser();

        using var first = await api.SendAsync(HttpMethod.Get, $"/images?user_id={user}&limit=1");
        var firstPage = (await first.AssertOkAsync()).AsArray();
        var next = first.Headers.GetValues("Link").Single();
        using var second = await api.SendAsync(HttpMethod.Get, next[1..next.IndexOf('>')]);
        var secondPage = (await second.AssertOkAsync()).AsArray();

        Assert.EndsWith("; rel=\"next\"", next);
        Assert.Equal("newer", firstPage.Single()!["description"]!.GetValue<string>());
        Assert.Equal("older", secondPage.Single()!["description"]!.GetValue<string>());
        Assert.False(second.Headers.Contains("Link"));
    }

    [Fact]
    public async Task The_timeline_lists_by_when_each_photo_was_taken_and_an_image_that_does_not_say_by_its_upload()
    {
        var user = Guid.NewGuid().ToString();
        var now = DateTime.UtcNow;
        api.AddImage(userId: user, uploadTime: now.AddMinutes(-3), description: "taken 2019, offset known",
            capture: new CaptureMetadata { LocalTime = new DateTime(2019, 7, 4, 18, 30, 0), Offset = TimeSpan.FromHours(2) });
        api.AddImage(userId: user, uploadTime: now.AddMinutes(-2), description: "taken 2021, offset unknown",
            capture: new CaptureMetadata { LocalTime = new DateTime(2021, 1, 2, 8, 0, 0) });
        api.AddImage(userId: user, uploadTime: now.AddMinutes(-1), description: "no capture: uploaded now");

        Assert.Equal(["no capture: uploaded now", "taken 2021, offset unknown", "taken 2019, offset known"],
            await DescriptionsAsync($"/images?user_id={user}&order=taken"));
        Assert.Equal(["taken 2019, offset known"],
            await DescriptionsAsync($"/images?user_id={user}&order=TAKEN&start_date=2019-07-04T16:30:00Z&end_date=2019-07-04T16:30:00Z"));
        Assert.Equal(["no capture: uploaded now", "taken 2021, offset unknown", "taken 2019, offset known"],
            await DescriptionsAsync($"/images?user_id={user}&order=uploaded"));
    }

    private async Task<List<string>> DescriptionsAsync(string path)
    {
        using var response = await api.SendAsync(HttpMethod.Get, path);
        return [.. (await response.AssertOkAsync()).AsArray().Select(image => image!["description"]!.GetValue<string>())];
    }

    private string SeedUser()
    {
        var user = Guid.NewGuid().ToString();
        var now = DateTime.UtcNow;
        api.AddImage(userId: user, uploadTime: now.AddMinutes(-2), description: "older");
        api.AddImage(userId: user, uploadTime: now.AddMinutes(-1), description: "newer");
        return user;
    }

    private async Task<string> NextCursorAsync(string user)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/images?user_id={user}&limit=1");
        var link = response.Headers.GetValues("Link").Single();
        var cursor = link[..link.IndexOf('>')].Split("cursor=")[1];
        return Uri.UnescapeDataString(cursor);
    }
}
