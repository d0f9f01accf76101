using System.Net;
using System.Text.Json.Nodes;
using CloudImageService.Images;

namespace ImageApi.Tests.Api;

/// <summary>The trash's routes in process: list, restore, delete for good, empty; and the 404s a trashed image answers.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class TrashApiTests(InMemoryApi api)
{
    private string NewUser() => "trash-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<ImageRecord> TrashedImage(string userId)
    {
        var image = api.AddImage(userId: userId);
        using var deleted = await api.SendAsync(HttpMethod.Delete, $"/images/{image.ImageId}");
        await deleted.AssertOkAsync();
        return image;
    }

    [Theory]
    [InlineData("/images/{0}")]
    [InlineData("/images/{0}/download")]
    [InlineData("/images/{0}/thumbnail")]
    [InlineData("/images/{0}/parts")]
    public async Task A_trashed_image_answers_404_image_not_found_as_after_the_original_services_delete(string path)
    {
        var image = await TrashedImage(NewUser());

        using var response = await api.SendAsync(HttpMethod.Get, ImageRoutes.For(path, image.ImageId));

        Assert.Equal("Image not found", (await response.AssertProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_trashed_image_leaves_the_listing_and_appears_in_the_trash_listing_with_trashed_at_and_purge_at()
    {
        var user = NewUser();
        var kept = api.AddImage(userId: user);
        var image = await TrashedImage(user);

        var listed = (await (await api.SendAsync(HttpMethod.Get, $"/images?user_id={user}")).AssertOkAsync()).AsArray();
        var trash = (await (await api.SendAsync(HttpMethod.Get, $"/images?user_id={user}&trashed=true&thumbnail_size=256")).AssertOkAsync()).AsArray();

        Assert.Equal([kept.ImageId], listed.Select(item => item!["image_id"]!.GetValue<string>()));
        var entry = Assert.Single(trash)!;
        Assert.Equal(image.ImageId, entry["image_id"]!.GetValue<string>());
        Assert.Equal("trashed", entry["status"]!.GetValue<string>());
        var trashedAt = entry["trashed_at"]!.GetValue<DateTime>();
        Assert.Equal(trashedAt + TimeSpan.FromDays(30), entry["purge_at"]!.GetValue<DateTime>());
        Assert.NotNull(entry["thumbnail_url"]);
        Assert.Null(listed[0]!["trashed_at"]);
    }

    [Fact]
    public async Task A_restore_brings_the_image_back_as_it_was_and_a_second_restore_is_404()
    {
        var image = await TrashedImage(NewUser());

        using var restored = await api.SendAsync(HttpMethod.Post, $"/images/{image.ImageId}/restore");
        using var again = await api.SendAsync(HttpMethod.Post, $"/images/{image.ImageId}/restore");
        using var get = await api.SendAsync(HttpMethod.Get, $"/images/{image.ImageId}");

        var body = await restored.AssertOkAsync();
        Assert.Equal("available", body["status"]!.GetValue<string>());
        Assert.Null(body["trashed_at"]);
        Assert.Equal(image.Sha256, (await get.AssertOkAsync())["sha256"]!.GetValue<string>());
        Assert.Equal("Image not found", (await again.AssertProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_image_not_in_the_trash_cannot_be_restored()
    {
        var image = api.AddImage(userId: NewUser());

        using var response = await api.SendAsync(HttpMethod.Post, $"/images/{image.ImageId}/restore");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(ImageStatus.Available, api.Store[image.ImageId]!.Status);
    }

    [Fact]
    public async Task Deleting_a_trashed_image_for_good_removes_its_bytes_and_it_can_no_longer_be_restored()
    {
        var image = await TrashedImage(NewUser());

        using var deleted = await api.SendAsync(HttpMethod.Delete, $"/images/{image.ImageId}?permanent=true");
        using var restore = await api.SendAsync(HttpMethod.Post, $"/images/{image.ImageId}/restore");

        await deleted.AssertOkAsync();
        Assert.Contains(image.ObjectKey, api.Objects.Deleted);
        Assert.Null(api.Store[image.ImageId]);
        await restore.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Emptying_the_trash_deletes_every_trashed_image_of_that_user_for_good_and_nothing_else()
    {
        var user = NewUser();
        var trashed = new[] { await TrashedImage(user), await TrashedImage(user), await TrashedImage(user) };
        var kept = api.AddImage(userId: user);
        var othersTrash = await TrashedImage(NewUser());

        using var emptied = await api.SendAsync(HttpMethod.Delete, $"/images?trashed=true&user_id={user}");

        var body = await emptied.AssertOkAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"Trash emptied","deleted_count":3,"more":false}"""), body));
        Assert.All(trashed, image => Assert.Null(api.Store[image.ImageId]));
        Assert.All(trashed, image => Assert.Contains(image.ObjectKey, api.Objects.Deleted));
        Assert.Equal(ImageStatus.Available, api.Store[kept.ImageId]!.Status);
        Assert.Equal(ImageStatus.Trashed, api.Store[othersTrash.ImageId]!.Status);
    }

    [Theory]
    [InlineData("/images?user_id=alice", "trashed")]
    [InlineData("/images?trashed=false&user_id=alice", "trashed")]
    [InlineData("/images?trashed=true", "user_id")]
    [InlineData("/images?trashed=yes&user_id=alice", "trashed")]
    [InlineData("/images?trashed=true%00&user_id=alice", "trashed")]
    public async Task Emptying_needs_trashed_true_and_a_user_and_says_which_is_missing(string path, string field)
    {
        using var response = await api.SendAsync(HttpMethod.Delete, path);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Theory]
    [InlineData("/images?trashed=maybe", "trashed")]
    [InlineData("/images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e?permanent=1", "permanent")]
    public async Task A_flag_that_is_not_true_or_false_is_a_400_naming_it(string path, string field)
    {
        using var response = await api.SendAsync(path.Contains("permanent") ? HttpMethod.Delete : HttpMethod.Get, path);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Fact]
    public async Task With_zero_retention_a_delete_is_the_original_services_delete_bytes_and_record_gone_at_once()
    {
        using var original = new InMemoryApi(TimeSpan.Zero);
        var image = original.AddImage();

        using var deleted = await original.SendAsync(HttpMethod.Delete, $"/images/{image.ImageId}");
        using var restore = await original.SendAsync(HttpMethod.Post, $"/images/{image.ImageId}/restore");

        await deleted.AssertOkAsync();
        Assert.Contains(image.ObjectKey, original.Objects.Deleted);
        Assert.Null(original.Store[image.ImageId]);
        await restore.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
