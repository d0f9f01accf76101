using System.Net;
using System.Net.Http.Headers;

namespace AppHost.Tests;

/// <summary>GET /images/{id} answers an ETag, 304 to a matching If-None-Match, and a new tag once the answer changes.</summary>
[Collection(ImageServiceCollection.Name)]
public class ConditionalReadTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task A_metadata_read_with_the_current_etag_is_304_without_a_body_until_the_image_changes()
    {
        var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId());
        var imageId = upload["image_id"]!.GetValue<string>();

        using var pending = await Api.Http.GetAsync($"/images/{imageId}");
        var pendingTag = pending.Headers.ETag;
        Assert.NotNull(pendingTag);
        Assert.Contains("no-cache", pending.Headers.CacheControl!.ToString());

        using (var unchanged = await GetIfNoneMatchAsync(imageId, pendingTag))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
            Assert.Equal(pendingTag, unchanged.Headers.ETag);
        }

        using (var put = await service.PutAsync(upload["upload_url"]!.GetValue<string>(), TestImages.Png(), "image/png"))
        {
            put.EnsureSuccessStatusCode();
        }
        using (var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null))
        {
            complete.EnsureSuccessStatusCode();
        }

        using var changed = await GetIfNoneMatchAsync(imageId, pendingTag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(pendingTag, changed.Headers.ETag);
        Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(changed))["status"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> GetIfNoneMatchAsync(string imageId, EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/images/{imageId}");
        request.Headers.IfNoneMatch.Add(tag);
        return Api.Http.SendAsync(request);
    }
}
