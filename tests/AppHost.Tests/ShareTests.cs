using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.DynamoDb;
using Microsoft.Extensions.Options;

namespace AppHost.Tests;

/// <summary>
/// Share links on the emulators, every exchange checked against the OpenAPI document: create, open anonymously, an
/// image trashed leaves the link, revoke, 410; the table holds only the token's hash; listings never show a link.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class ShareTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    private async Task<string> AvailableImageAsync(string userId, int width = 16)
    {
        var imageId = await service.UploadAsync(userId, TestImages.Png(width, 12));
        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(complete))["status"]!.GetValue<string>());
        return imageId;
    }

    private static string TokenOf(JsonNode created) => new Uri(created["url"]!.GetValue<string>()).Segments[^1];

    [Fact]
    public async Task A_link_opens_anonymously_loses_a_trashed_image_at_once_and_answers_410_once_revoked()
    {
        var userId = ImageApiClient.NewUserId();
        var kept = await AvailableImageAsync(userId, width: 16);
        var trashed = await AvailableImageAsync(userId, width: 20);

        using var create = await Api.Http.PostAsJsonAsync("/shares", new { user_id = userId, image_ids = new[] { kept, trashed }, title = "Trip" });
        var created = await ImageApiClient.ReadObjectAsync(create);
        var token = TokenOf(created);
        var id = created["id"]!.GetValue<string>();

        using (var open = await Api.Http.GetAsync($"/s/{token}/images"))
        {
            var images = (await ImageApiClient.ReadObjectAsync(open))["images"]!.AsArray();
            Assert.Equal([kept, trashed], images.Select(image => image!["image_id"]!.GetValue<string>()));
            using var anonymous = new HttpClient();
            using var thumbnail = await anonymous.GetAsync(images[0]!["thumbnail_url"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
            Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        }

        // Stored under the token's hash, never the token; no listing of images shows it.
        var item = await service.Storage.RecordAsync("share#" + id);
        Assert.NotNull(item);
        Assert.Equal("share", item!["status"].S);
        Assert.DoesNotContain(item.Values, value => value.S?.Contains(token, StringComparison.Ordinal) == true);
        using (var everyone = await Api.Http.GetAsync("/images?limit=1000"))
        {
            Assert.DoesNotContain("share#", await everyone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var deleted = await Api.Http.DeleteAsync($"/images/{trashed}")) Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using (var open = await Api.Http.GetAsync($"/s/{token}/images"))
        {
            var images = (await ImageApiClient.ReadObjectAsync(open))["images"]!.AsArray();
            Assert.Equal([kept], images.Select(image => image!["image_id"]!.GetValue<string>()));
        }

        using (var listed = await Api.Http.GetAsync($"/shares?user_id={userId}"))
        {
            var entry = Assert.Single((await ImageApiClient.ReadJsonAsync(listed)).AsArray())!.AsObject();
            Assert.Equal(id, entry["id"]!.GetValue<string>());
            Assert.False(entry.ContainsKey("url"));
        }

        using (var revoked = await Api.Http.DeleteAsync($"/shares/{id}")) Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        using (var gone = await Api.Http.GetAsync($"/s/{token}/images"))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        }
        using (var page = await Api.Http.GetAsync($"/s/{token}"))
        {
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            Assert.Contains("expired or was revoked", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var listed = await Api.Http.GetAsync($"/shares?user_id={userId}")) Assert.Empty((await ImageApiClient.ReadJsonAsync(listed)).AsArray());
    }

    [Fact]
    public async Task A_links_images_are_read_in_batches_of_100_missing_and_repeated_ids_included()
    {
        var kept = await AvailableImageAsync(ImageApiClient.NewUserId(), width: 24);
        var repository = new ImageRepository(service.Storage.DynamoDb, Options.Create(new StorageOptions()));
        string[] ids = [kept, .. Enumerable.Range(0, 149).Select(_ => Guid.NewGuid().ToString()), kept];

        var found = await repository.FindManyAsync(ids, CancellationToken.None);

        Assert.Equal([kept], found.Keys);
        Assert.Equal(ImageStatus.Available, found[kept].Status);
    }

    [Fact]
    public async Task Hostile_share_requests_are_4xx_problems_and_make_no_link()
    {
        var owner = ImageApiClient.NewUserId();
        var other = ImageApiClient.NewUserId();
        var othersImage = await AvailableImageAsync(other);
        var tooMany = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid().ToString()).ToArray();

        foreach (var (body, expected) in new (object Body, HttpStatusCode Status)[]
        {
            (new { user_id = owner, image_ids = new[] { othersImage } }, HttpStatusCode.BadRequest),
            (new { user_id = owner, image_ids = new[] { Guid.NewGuid().ToString() } }, HttpStatusCode.BadRequest),
            (new { user_id = owner, image_ids = tooMany }, HttpStatusCode.BadRequest),
            (new { user_id = owner, image_ids = new[] { "../../etc/passwd" } }, HttpStatusCode.BadRequest),
            (new { user_id = owner, image_ids = Array.Empty<string>() }, HttpStatusCode.BadRequest),
        })
        {
            using var response = await Api.Http.PostAsJsonAsync("/shares", body);
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        foreach (var token in new[] { "x", new string('A', 43), new string('A', 4000), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B" })
        {
            using var response = await Api.Http.GetAsync($"/s/{token}/images");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var revoke = await Api.Http.DeleteAsync($"/shares/{new string('A', 43)}")) Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        using var listed = await Api.Http.GetAsync($"/shares?user_id={owner}");
        Assert.Empty((await ImageApiClient.ReadJsonAsync(listed)).AsArray());
    }
}
