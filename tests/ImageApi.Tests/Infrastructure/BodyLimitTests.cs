using System.Net;
using System.Text;
using System.Text.Json;
using CloudImageService.Http;
using CloudImageService.Images;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// Every route has a body limit that fits it, refused with 413 problem+json before the body is read; a route that
/// names none gets a small default. Malformed ids and invalid content types keep these requests away from storage.
/// </summary>
public sealed class BodyLimitTests : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
        .UseEnvironment("Development")
        .UseSetting("AWS:Region", "us-east-1")
        .UseSetting("Auth:Mode", "None"));

    public void Dispose() => _factory.Dispose();

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var client = _factory.CreateClient();
        return await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
    }

    private static string PartsBody(int parts, int padding = 0) => JsonSerializer.Serialize(new
    {
        parts = Enumerable.Range(1, parts).Select(number => new { part_number = number, sha256 = Convert.ToBase64String(new byte[32]) }),
        padding = new string(' ', padding),
    });

    [Fact]
    public async Task Signing_parts_refuses_a_body_far_beyond_a_hundred_parts()
    {
        using var response = await PostAsync("/images/not-an-image-id/parts", PartsBody(100, padding: 64 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"{UploadPartsApi.BodyLimit} bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_a_hundred_parts_with_checksums_fits_the_limit()
    {
        using var response = await PostAsync("/images/not-an-image-id/parts", PartsBody(100));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_route_without_a_body_of_its_own_gets_the_small_default()
    {
        using var response = await PostAsync("/images/not-an-image-id/complete", "{\"x\":\"" + new string('x', (int)RequestBodyLimits.Default) + "\"}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{RequestBodyLimits.Default} bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_largest_valid_upload_request_fits_the_upload_limit_even_fully_escaped()
    {
        var limits = new ImageOptions();
        string Escaped(int length) => string.Concat(Enumerable.Repeat("\\u00e9", length));
        var tags = string.Join(",", Enumerable.Repeat($"\"{Escaped(limits.MaxTagLength)}\"", limits.MaxTags));
        var body = $$"""{"user_id":"{{Escaped(limits.MaxUserIdLength)}}","content_type":"text/plain","tags":[{{tags}}],"description":"{{Escaped(limits.MaxDescriptionLength)}}","size_bytes":1048576,"sha256":"{{new string('a', 64)}}"}""";

        using var response = await PostAsync("/images/upload", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var tooLarge = await PostAsync("/images/upload", body.Replace("\"size_bytes\"", $"\"padding\":\"{new string(' ', 4096)}\",\"size_bytes\""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }
}
