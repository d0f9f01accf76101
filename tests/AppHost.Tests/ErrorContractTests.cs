using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AppHost.Tests;

/// <summary>Bad input is a 4xx problem+json that names what is wrong, never a 500.</summary>
[Collection(ImageServiceCollection.Name)]
public class ErrorContractTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_oversized_body_sent_in_full_before_reading_still_gets_its_413(bool chunked)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"user_id":"alice","content_type":"image/png","description":"{{new string('d', 2_000_000)}}"}""");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/images/upload") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TransferEncodingChunked = chunked;

            using var response = await Api.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("""{"content_type":"image/png"}""", "user_id")]
    [InlineData("""{"user_id":"alice"}""", "content_type")]
    [InlineData("""{"user_id":"alice","content_type":"text/plain"}""", "content_type")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","tags":"beach"}""", "tags")]
    [InlineData("""{"user_id":42,"content_type":"image/png"}""", "user_id")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","description":["x"]}""", "description")]
    [InlineData("""{"user_id":"","content_type":"image/png"}""", "user_id")]
    public async Task Invalid_upload_requests_are_400_naming_the_field(string body, string field)
    {
        using var response = await Api.PostRawAsync("/images/upload", body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    public async Task Malformed_bodies_are_400(string body)
    {
        using var response = await Api.PostRawAsync("/images/upload", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var response = await Api.PostRawAsync("/images/upload", "user_id=alice", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_for_compatibility()
    {
        using var response = await Api.PostRawAsync("/images/upload",
            """{"user_id":"alice","content_type":"image/png","filename":"cat.png","extra":{"nested":true}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/images/{0}")]
    [InlineData("GET", "/images/{0}/download")]
    [InlineData("DELETE", "/images/{0}")]
    public async Task Unknown_images_are_404_image_not_found(string method, string path)
    {
        using var response = await Api.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid())));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Image not found", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/images/not-a-uuid")]
    [InlineData("/images/..%2F..%2Fetc%2Fpasswd/download")]
    [InlineData("/images/3f2b8c1e4d5a4b6c8d7e9f0a1b2c3d4e")]
    public async Task Malformed_ids_are_400(string path)
    {
        using var response = await Api.Http.GetAsync(path);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_nul_byte_in_the_path_is_refused_by_the_server_before_the_api()
    {
        using var response = await Api.Http.GetAsync("/images/%00");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_are_problem_json_404()
    {
        using var response = await Api.Http.GetAsync("/no-such-route");
        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        return problem;
    }
}
