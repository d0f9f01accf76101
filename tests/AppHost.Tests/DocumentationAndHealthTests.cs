using System.Net;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

[Collection(ImageServiceCollection.Name)]
public class DocumentationAndHealthTests(ImageServiceFixture service)
{
    private HttpClient Http => service.Api.Http;

    [Fact]
    public async Task The_openapi_document_describes_every_route_in_snake_case()
    {
        var document = await ImageApiClient.ReadObjectAsync(await Http.GetAsync("/openapi/v1.json"));

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/images/upload", paths);
        Assert.Contains("/images", paths);
        Assert.Contains("/images/{image_id}", paths);
        Assert.Contains("/images/{image_id}/download", paths);

        var uploadRequest = document["components"]!["schemas"]!["UploadRequest"]!;
        Assert.NotNull(uploadRequest["properties"]!["user_id"]);
        Assert.NotNull(uploadRequest["properties"]!["content_type"]);
        Assert.NotNull(uploadRequest["examples"]);
    }

    [Fact]
    public async Task The_document_requires_exactly_what_the_api_requires_with_its_limits_and_no_trailing_slash()
    {
        var document = service.Conformance.Document;
        var upload = document["components"]!["schemas"]!["UploadRequest"]!;

        Assert.Equal(["content_type", "user_id"], upload["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(["image/avif", "image/gif", "image/jpeg", "image/png", "image/tiff", "image/webp"],
            upload["properties"]!["content_type"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(128, upload["properties"]!["user_id"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(20, upload["properties"]!["tags"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(256 * 1024 * 1024, upload["properties"]!["size_bytes"]!["maximum"]!.GetValue<long>());
        Assert.True(document["paths"]!["/images/upload"]!["post"]!["requestBody"]!["required"]!.GetValue<bool>());
        Assert.DoesNotContain("oneOf", document["paths"]!["/images/upload"]!["post"]!["requestBody"]!.ToJsonString());
        Assert.All(document["servers"]!.AsArray(), server => Assert.False(server!["url"]!.GetValue<string>().EndsWith('/')));
        Assert.Null(document["paths"]!["/images/{image_id}"]!["get"]!["security"]);
    }

    [Fact]
    public async Task Scalar_serves_the_api_reference()
    {
        using var response = await Http.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_root_serves_the_web_gallery_with_a_strict_content_security_policy()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("js/app.js", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_responses_carry_the_fields_clients_of_the_original_service_read()
    {
        var upload = await service.Api.CreateUploadAsync(ImageApiClient.NewUserId());

        Assert.True(Guid.TryParse(upload["image_id"]!.GetValue<string>(), out _));
        Assert.StartsWith("http", upload["upload_url"]!.GetValue<string>());
        Assert.IsType<JsonObject>(upload["upload_headers"]);
    }
}
