using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Gallery.Tests;

/// <summary>What the AppHost sets up for the page: the dashboard's links and the bucket's CORS rules.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class WiringTests(OpenGalleryFixture service)
{
    [Fact]
    public async Task The_dashboard_links_the_imageapi_to_the_gallery_and_to_the_api_reference()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var resource = await service.App.ResourceNotifications.WaitForResourceAsync("imageapi",
            e => e.Snapshot.Urls.Any(u => u.DisplayProperties.DisplayName == "API reference (Scalar)"), deadline.Token);
        var urls = resource.Snapshot.Urls.Where(u => !u.IsInternal).ToDictionary(u => u.DisplayProperties.DisplayName, u => u.Url);

        Assert.Equal(service.BaseUrl, new Uri(urls["Gallery"]));
        Assert.Equal(new Uri(service.BaseUrl, "/scalar/v1"), new Uri(urls["API reference (Scalar)"]));
        using var http = new HttpClient();
        foreach (var url in urls.Values)
        {
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_bucket_admits_browser_uploads_from_the_gallerys_origin_and_from_no_other()
    {
        var origin = service.BaseUrl.GetLeftPart(UriPartial.Authority);
        var bucketObject = new Uri(service.App.GetEndpoint("s3", "http"), "/images-bucket/uploads/any");
        using var http = new HttpClient();

        async Task<HttpResponseMessage> PreflightAsync(string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, bucketObject);
            request.Headers.Add("Origin", from);
            request.Headers.Add("Access-Control-Request-Method", "PUT");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await http.SendAsync(request);
        }

        using var allowed = await PreflightAsync(origin);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("PUT", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());

        using var refused = await PreflightAsync("http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var otherPort = await PreflightAsync($"http://localhost:{service.BaseUrl.Port + 1}");
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
    }
}
