using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CloudImageService.Storage.Schema;

namespace AppHost.Tests;

/// <summary>
/// Quotas on the emulators (dynalite's conditional writes, no transactions): usage rising on confirmation, kept in the
/// trash, released by a permanent delete; refusals at the upload request and at confirmation, with nothing kept. A
/// per-user override set through the admin route gives each test its limits. Every exchange is checked against OpenAPI.
/// </summary>
[Collection(ShortWindowCollection.Name)]
public class QuotaTests(ShortWindowFixture service)
{
    private const string QuotaProblem = "urn:cloud-image-service:problem:quota-exceeded";

    private ImageApiClient Api => service.Api;

    private async Task<string> ConfirmedAsync(string userId)
    {
        var imageId = await service.UploadAsync(userId, TestImages.Png());
        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        return imageId;
    }

    private async Task<JsonObject> UsageAsync(string userId)
    {
        using var response = await Api.Http.GetAsync($"/users/{userId}/usage");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ImageApiClient.ReadObjectAsync(response);
    }

    private async Task SetQuotaAsync(string userId, long? bytes, long? images)
    {
        using var response = await Api.Http.PutAsJsonAsync($"/users/{userId}/quota", new { bytes_limit = bytes, images_limit = images });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<long> StoredBytesAsync(string imageId) =>
        long.Parse((await service.Storage.RecordAsync(imageId))!["stored_bytes"].N, CultureInfo.InvariantCulture);

    private static (long Bytes, long Images) Used(JsonObject usage) =>
        (usage["bytes_used"]!.GetValue<long>(), usage["images_used"]!.GetValue<long>());

    [Fact]
    public async Task Usage_rises_on_confirmation_stays_through_trash_and_restore_and_falls_only_when_deleted_for_good()
    {
        var userId = ImageApiClient.NewUserId();
        Assert.Equal((0L, 0L), Used(await UsageAsync(userId)));

        var imageId = await ConfirmedAsync(userId);
        var stored = await StoredBytesAsync(imageId);
        Assert.True(stored > TestImages.Png().Length, $"stored {stored} bytes: the thumbnails count too");
        Assert.Equal((stored, 1L), Used(await UsageAsync(userId)));
        // The charge's ledger entry is settled once the record is available: the record's stored bytes say it now.
        var usageItem = await service.Storage.RecordAsync(UsageAttributes.KeyOf(userId));
        Assert.DoesNotContain(imageId, usageItem![UsageAttributes.Ledger].M.Keys);

        (await Api.Http.DeleteAsync($"/images/{imageId}")).Dispose();
        var trashed = await UsageAsync(userId);
        Assert.Equal((stored, 1L), Used(trashed));
        Assert.Equal(stored, trashed["trashed_bytes"]!.GetValue<long>());

        (await Api.Http.PostAsync($"/images/{imageId}/restore", null)).Dispose();
        Assert.Equal((stored, 1L), Used(await UsageAsync(userId)));

        (await Api.Http.DeleteAsync($"/images/{imageId}")).Dispose();
        using (var emptied = await Api.Http.DeleteAsync($"/images?trashed=true&user_id={userId}")) Assert.Equal(HttpStatusCode.OK, emptied.StatusCode);
        var after = await UsageAsync(userId);
        Assert.Equal((0L, 0L), Used(after));
        Assert.Equal(0L, after["trashed_bytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_upload_request_past_the_image_quota_is_refused_before_any_url_is_signed_naming_usage_limit_and_the_trash()
    {
        var userId = ImageApiClient.NewUserId();
        await SetQuotaAsync(userId, bytes: null, images: 1);
        var first = await ConfirmedAsync(userId);
        (await Api.Http.DeleteAsync($"/images/{first}")).Dispose();

        using var refused = await Api.RequestUploadAsync(new { user_id = userId, content_type = "image/png", size_bytes = 100 });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = (await ImageApiClient.ReadJsonAsync(refused)).AsObject();
        Assert.Equal(QuotaProblem, problem["type"]!.GetValue<string>());
        Assert.Equal(("images", 1L, 1L, 1L), (problem["limit_kind"]!.GetValue<string>(), problem["usage"]!.GetValue<long>(),
            problem["limit"]!.GetValue<long>(), problem["trashed_images"]!.GetValue<long>()));
        Assert.Null(problem["upload_url"]);
        var usage = await UsageAsync(userId);
        Assert.Equal((1L, 1L), (usage["images_limit"]!.GetValue<long>(), usage["images_used"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_confirmation_whose_verified_bytes_would_pass_the_byte_quota_is_refused_with_nothing_kept()
    {
        var userId = ImageApiClient.NewUserId();
        var first = await ConfirmedAsync(userId);
        var stored = await StoredBytesAsync(first);
        await SetQuotaAsync(userId, bytes: stored + 1, images: null);
        // Unsized, so the request passes (it declares nothing to count); the verified bytes decide.
        var second = await service.UploadAsync(userId, TestImages.Png());

        using var refused = await Api.Http.PostAsync($"/images/{second}/complete", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = (await ImageApiClient.ReadJsonAsync(refused)).AsObject();
        Assert.Equal(QuotaProblem, problem["type"]!.GetValue<string>());
        Assert.Equal(("bytes", stored, stored + 1), (problem["limit_kind"]!.GetValue<string>(), problem["usage"]!.GetValue<long>(), problem["limit"]!.GetValue<long>()));
        Assert.Empty(await service.Storage.KeysOfAsync(second));
        Assert.Equal("rejected", await service.Storage.RecordStatusAsync(second));
        Assert.Equal((stored, 1L), Used(await UsageAsync(userId)));
    }
}
