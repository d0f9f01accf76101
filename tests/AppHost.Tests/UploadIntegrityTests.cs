using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>What arrives in S3 is checked before an image becomes available; bad uploads leave nothing behind.</summary>
[Collection(ImageServiceCollection.Name)]
public class UploadIntegrityTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task Complete_marks_a_good_upload_available_with_its_verified_size()
    {
        var bytes = TestImages.Png();
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), bytes, sizeBytes: bytes.Length);

        var image = await ImageApiClient.ReadObjectAsync(await Api.Http.PostAsync($"/images/{imageId}/complete", null));

        Assert.Equal("available", image["status"]!.GetValue<string>());
        Assert.Equal(bytes.Length, image["size_bytes"]!.GetValue<long>());
        Assert.Equal("available", await service.Storage.RecordStatusAsync(imageId));
    }

    [Fact]
    public async Task Completing_twice_is_harmless()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());

        using var first = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        using var second = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Before_any_upload_complete_and_download_answer_409()
    {
        var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId());
        var imageId = upload["image_id"]!.GetValue<string>();

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");

        Assert.Equal(HttpStatusCode.Conflict, complete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.Equal("application/problem+json", download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Text_uploaded_as_png_is_rejected_at_confirm_and_deleted()
    {
        var userId = ImageApiClient.NewUserId();
        var imageId = await service.UploadAsync(userId, Encoding.UTF8.GetBytes("this is not an image at all"));
        Assert.Equal(["uploads/" + imageId], await service.Storage.KeysOfAsync(imageId));

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        var problem = await ImageApiClient.ReadJsonAsync(complete);
        Assert.Contains("image/png", problem["detail"]!.GetValue<string>());
        Assert.False(await service.Storage.ObjectExistsAsync(imageId));
        Assert.Equal("rejected", await service.Storage.RecordStatusAsync(imageId));
        Assert.Empty(await ListAsync($"/images?user_id={userId}"));
        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, download.StatusCode);
    }

    [Fact]
    public async Task A_png_uploaded_as_jpeg_is_rejected()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(), "image/jpeg");

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        Assert.False(await service.Storage.ObjectExistsAsync(imageId));
    }

    [Fact]
    public async Task A_put_of_another_length_than_declared_is_refused_by_s3()
    {
        var bytes = TestImages.Png();
        using var response = await Api.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png", size_bytes = bytes.Length + 10 });
        var upload = await ImageApiClient.ReadObjectAsync(response);
        Assert.Equal((bytes.Length + 10).ToString(System.Globalization.CultureInfo.InvariantCulture), upload["upload_headers"]!["Content-Length"]!.GetValue<string>());

        using var put = await service.PutAsync(upload["upload_url"]!.GetValue<string>(), bytes, "image/png");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.False(await service.Storage.ObjectExistsAsync(upload["image_id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(20L * 1024 * 1024 + 1)]
    public async Task Declared_sizes_beyond_the_limits_are_400(long size)
    {
        using var response = await Api.RequestUploadAsync(new { user_id = "alice", content_type = "image/png", size_bytes = size });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ImageApiClient.ReadJsonAsync(response))["errors"]!["size_bytes"]);
    }

    [Fact]
    public async Task A_download_confirms_uploads_of_clients_that_never_call_complete()
    {
        var bytes = TestImages.Png();
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), bytes);
        Assert.Equal("pending", await service.Storage.RecordStatusAsync(imageId));

        var download = await ImageApiClient.ReadObjectAsync(await Api.Http.GetAsync($"/images/{imageId}/download"));

        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await service.Plain.GetByteArrayAsync(download["download_url"]!.GetValue<string>())));
        Assert.Equal("available", await service.Storage.RecordStatusAsync(imageId));
    }

    [Fact]
    public async Task Racing_deletes_and_confirms_leave_nothing_behind_and_never_fail()
    {
        for (var round = 0; round < 5; round++)
        {
            var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());

            var requests = Enumerable.Range(0, 8).Select(i => i % 2 == 0
                ? Api.Http.DeleteAsync($"/images/{imageId}")
                : Api.Http.PostAsync($"/images/{imageId}/complete", null));
            var responses = await Task.WhenAll(requests);

            foreach (var response in responses)
            {
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} in round {round}: {await response.Content.ReadAsStringAsync()}");
            }
            Assert.Contains(responses, r => r.RequestMessage!.Method == HttpMethod.Delete && r.StatusCode == HttpStatusCode.OK);
            Assert.Null(await service.Storage.RecordStatusAsync(imageId));
            Assert.False(await service.Storage.ObjectExistsAsync(imageId));
            using var get = await Api.Http.GetAsync($"/images/{imageId}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            foreach (var response in responses) response.Dispose();
        }
    }

    private async Task<JsonArray> ListAsync(string path)
    {
        using var response = await Api.Http.GetAsync(path);
        return Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(response));
    }
}
