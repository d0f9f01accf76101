using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>
/// Talks to the ImageApi the way a client of the original Python service does: raw snake_case JSON, so the tests
/// check the wire contract itself rather than a .NET model of it.
/// </summary>
public sealed class ImageApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> RequestUploadAsync(object body) => http.PostAsJsonAsync("/images/upload", body);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Asks for an upload URL and returns the response body; fails the test unless the API answered 200.</summary>
    public async Task<JsonObject> CreateUploadAsync(string userId, string contentType = "image/png", string[]? tags = null, string? description = null)
    {
        using var response = await RequestUploadAsync(new { user_id = userId, content_type = contentType, tags, description });
        return await ReadObjectAsync(response);
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The path and query of the <c>Link: &lt;…&gt;; rel="next"</c> header, or null on the last page.</summary>
    public static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        var match = System.Text.RegularExpressions.Regex.Match(links.Single(), """^<(?<url>[^>]+)>; rel="next"$""");
        Assert.True(match.Success, $"malformed Link header: {links.Single()}");
        return new Uri(new Uri("http://any.invalid"), match.Groups["url"].Value).PathAndQuery;
    }

    public static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];
}
