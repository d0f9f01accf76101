using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>
/// The trash on the emulators, with a retention of seconds (<see cref="ShortWindowFixture.TrashRetention"/>) and a
/// sweep every second: trash, list, restore, empty, and one purge end to end. Every exchange is checked against the
/// OpenAPI document.
/// </summary>
[Collection(ShortWindowCollection.Name)]
public class TrashTests(ShortWindowFixture service)
{
    private ImageApiClient Api => service.Api;

    private async Task<(string UserId, string ImageId)> AvailableImageAsync(string? userId = null)
    {
        userId ??= ImageApiClient.NewUserId();
        var imageId = await service.UploadAsync(userId, TestImages.Png());
        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(complete))["status"]!.GetValue<string>());
        return (userId, imageId);
    }

    [Fact]
    public async Task A_deleted_image_is_gone_to_the_original_services_clients_keeps_its_bytes_in_the_trash_and_restores_as_it_was()
    {
        var (userId, imageId) = await AvailableImageAsync();
        var keys = await service.Storage.KeysOfAsync(imageId);

        using var deleted = await Api.Http.DeleteAsync($"/images/{imageId}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"Image deleted successfully"}"""), await ImageApiClient.ReadObjectAsync(deleted)));
        foreach (var path in new[] { $"/images/{imageId}", $"/images/{imageId}/download", $"/images/{imageId}/thumbnail" })
        {
            using var gone = await Api.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        using (var again = await Api.Http.DeleteAsync($"/images/{imageId}")) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var list = await Api.Http.GetAsync($"/images?user_id={userId}")) Assert.Empty((await ImageApiClient.ReadJsonAsync(list)).AsArray());
        Assert.Equal(keys, await service.Storage.KeysOfAsync(imageId));

        using var trash = await Api.Http.GetAsync($"/images?user_id={userId}&trashed=true&thumbnail_size=256");
        var entry = Assert.Single((await ImageApiClient.ReadJsonAsync(trash)).AsArray())!;
        Assert.Equal("trashed", entry["status"]!.GetValue<string>());
        Assert.Equal(
            entry["trashed_at"]!.GetValue<DateTime>() + ShortWindowFixture.TrashRetention,
            entry["purge_at"]!.GetValue<DateTime>());
        Assert.NotNull(entry["thumbnail_url"]);

        using var restored = await Api.Http.PostAsync($"/images/{imageId}/restore", null);
        Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(restored))["status"]!.GetValue<string>());
        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Null(await service.Storage.RecordAttributeAsync(imageId, "trash_partition"));
    }

    [Fact]
    public async Task The_sweeper_purges_a_trashed_image_once_its_retention_has_passed_record_and_bytes()
    {
        var (_, imageId) = await AvailableImageAsync();
        using var deleted = await Api.Http.DeleteAsync($"/images/{imageId}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("trashed", await service.Storage.RecordStatusAsync(imageId));

        var waited = Stopwatch.StartNew();
        while (await service.Storage.RecordStatusAsync(imageId) is not null)
        {
            Assert.True(waited.Elapsed < ShortWindowFixture.TrashRetention + TimeSpan.FromSeconds(60), "the trashed image was never purged");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.True(waited.Elapsed > ShortWindowFixture.TrashRetention - TimeSpan.FromSeconds(5), $"purged after {waited.Elapsed}, before its retention");
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
        using var restore = await Api.Http.PostAsync($"/images/{imageId}/restore", null);
        Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
    }

    [Fact]
    public async Task Emptying_the_trash_and_a_permanent_delete_remove_bytes_and_records_at_once()
    {
        var userId = ImageApiClient.NewUserId();
        var (_, first) = await AvailableImageAsync(userId);
        var (_, second) = await AvailableImageAsync(userId);
        var (_, kept) = await AvailableImageAsync(userId);
        var (_, forGood) = await AvailableImageAsync(userId);
        (await Api.Http.DeleteAsync($"/images/{first}")).Dispose();
        (await Api.Http.DeleteAsync($"/images/{second}")).Dispose();

        using var emptied = await Api.Http.DeleteAsync($"/images?trashed=true&user_id={userId}");
        using var permanent = await Api.Http.DeleteAsync($"/images/{forGood}?permanent=true");

        var body = await ImageApiClient.ReadObjectAsync(emptied);
        Assert.Equal(2, body["deleted_count"]!.GetValue<int>());
        Assert.False(body["more"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, permanent.StatusCode);
        foreach (var imageId in new[] { first, second, forGood })
        {
            Assert.Null(await service.Storage.RecordStatusAsync(imageId));
            Assert.Empty(await service.Storage.KeysOfAsync(imageId));
        }
        Assert.Equal("available", await service.Storage.RecordStatusAsync(kept));
    }
}
