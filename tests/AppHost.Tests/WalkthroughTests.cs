using System.Net;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>The README walkthrough, end to end: the API hands out URLs, the bytes travel straight to and from S3.</summary>
[Collection(ImageServiceCollection.Name)]
public class WalkthroughTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task Upload_list_download_delete()
    {
        var userId = ImageApiClient.NewUserId();
        var bytes = TestImages.Png();

        var upload = await Api.CreateUploadAsync(userId, "image/png", ["walkthrough"], "first image");
        var imageId = upload["image_id"]!.GetValue<string>();
        Assert.Equal("pending", upload["status"]!.GetValue<string>());
        Assert.Equal("image/png", upload["upload_headers"]!["Content-Type"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(upload["expires_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(14));

        using (var put = await PutAsync(upload["upload_url"]!.GetValue<string>(), bytes, "image/png"))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var listed = Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(await Api.Http.GetAsync($"/images?user_id={userId}")));
        var image = Assert.IsType<JsonObject>(Assert.Single(listed));
        Assert.Equal(imageId, image["image_id"]!.GetValue<string>());
        Assert.Equal(userId, image["user_id"]!.GetValue<string>());
        Assert.Equal("image/png", image["content_type"]!.GetValue<string>());
        Assert.Equal(["walkthrough"], image["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("first image", image["description"]!.GetValue<string>());
        Assert.EndsWith("Z", image["upload_time"]!.GetValue<string>());
        Assert.NotNull(image["status"]);

        var download = await ImageApiClient.ReadObjectAsync(await Api.Http.GetAsync($"/images/{imageId}/download"));
        var downloaded = await service.Plain.GetByteArrayAsync(download["download_url"]!.GetValue<string>());
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(downloaded));

        var deleted = await ImageApiClient.ReadObjectAsync(await Api.Http.DeleteAsync($"/images/{imageId}"));
        Assert.Equal("Image deleted successfully", deleted["message"]!.GetValue<string>());

        using var afterDelete = await Api.Http.GetAsync($"/images/{imageId}/download");
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        using var listAfterDelete = await Api.Http.GetAsync($"/images?user_id={userId}");
        Assert.Empty(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(listAfterDelete)));
    }

    [Fact]
    public async Task The_object_is_gone_from_s3_after_delete()
    {
        var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId());
        var imageId = upload["image_id"]!.GetValue<string>();
        (await PutAsync(upload["upload_url"]!.GetValue<string>(), TestImages.Png(), "image/png")).Dispose();
        var download = await ImageApiClient.ReadObjectAsync(await Api.Http.GetAsync($"/images/{imageId}/download"));

        (await Api.Http.DeleteAsync($"/images/{imageId}")).Dispose();

        using var stale = await service.Plain.GetAsync(download["download_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
    }

    [Fact]
    public async Task A_put_with_another_content_type_than_signed_is_refused_by_s3()
    {
        var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId(), "image/png");

        using var put = await PutAsync(upload["upload_url"]!.GetValue<string>(), TestImages.Png(), "image/jpeg");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await put.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tampered_upload_url_is_refused_by_s3()
    {
        var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId());
        var url = upload["upload_url"]!.GetValue<string>().Replace(upload["image_id"]!.GetValue<string>(), Guid.NewGuid().ToString());

        using var put = await PutAsync(url, TestImages.Png(), "image/png");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task Deleting_twice_is_404_the_second_time()
    {
        var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId());
        var imageId = upload["image_id"]!.GetValue<string>();

        using var first = await Api.Http.DeleteAsync($"/images/{imageId}");
        using var second = await Api.Http.DeleteAsync($"/images/{imageId}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task Get_returns_the_metadata_of_one_image()
    {
        var userId = ImageApiClient.NewUserId();
        var upload = await Api.CreateUploadAsync(userId, "image/webp", ["a", "b"]);
        var imageId = upload["image_id"]!.GetValue<string>();

        var image = await ImageApiClient.ReadObjectAsync(await Api.Http.GetAsync($"/images/{imageId}"));

        Assert.Equal(imageId, image["image_id"]!.GetValue<string>());
        Assert.Equal(userId, image["user_id"]!.GetValue<string>());
        Assert.Equal("image/webp", image["content_type"]!.GetValue<string>());
        Assert.Equal(2, image["tags"]!.AsArray().Count);
    }

    private Task<HttpResponseMessage> PutAsync(string url, byte[] bytes, string contentType) =>
        service.PutAsync(url, bytes, contentType);
}
