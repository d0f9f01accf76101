using System.Net;
using CloudImageService.Images;

namespace ImageApi.Tests.Api;

/// <summary>An upload request that cannot succeed is a 400 naming each field to fix, before anything is stored or signed.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class UploadRequestTests(InMemoryApi api)
{
    private static readonly string TwentyOneTags = string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"tag{i}\""));

    private Task<HttpResponseMessage> UploadAsync(string body, string mediaType = "application/json") =>
        api.SendAsync(HttpMethod.Post, "/images/upload", body, mediaType);

    [Theory]
    [InlineData("""{"content_type":"image/png"}""", "user_id")]
    [InlineData("""{"user_id":"","content_type":"image/png"}""", "user_id")]
    [InlineData("""{"user_id":"al\u0007ice","content_type":"image/png"}""", "user_id")]
    [InlineData("""{"user_id":42,"content_type":"image/png"}""", "user_id")]
    [InlineData("""{"user_id":"alice"}""", "content_type")]
    [InlineData("""{"user_id":"alice","content_type":"text/plain"}""", "content_type")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","tags":"beach"}""", "tags")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","tags":[" "]}""", "tags[0]")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","description":["x"]}""", "description")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","size_bytes":0}""", "size_bytes")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","size_bytes":20971521}""", "size_bytes")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","size_bytes":268435457,"multipart":true}""", "size_bytes")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","multipart":true}""", "size_bytes")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","sha256":"abc"}""", "sha256")]
    [InlineData("""{"user_id":"alice","content_type":"image/png","sha256":"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}""", "sha256")]
    public async Task An_invalid_upload_request_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await UploadAsync(body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?[field]);
    }

    [Fact]
    public async Task More_than_twenty_tags_are_a_400_naming_tags()
    {
        using var response = await UploadAsync($$"""{"user_id":"alice","content_type":"image/png","tags":[{{TwentyOneTags}}]}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("20", problem["errors"]!["tags"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unaccepted_content_type_is_a_400_that_lists_the_accepted_ones()
    {
        using var response = await UploadAsync("""{"user_id":"alice","content_type":"image/bmp"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var message = problem["errors"]!["content_type"]![0]!.GetValue<string>();
        Assert.All(["image/jpeg", "image/png", "image/webp"], accepted => Assert.Contains(accepted, message));
    }

    [Fact]
    public async Task Every_invalid_field_is_named_at_once()
    {
        using var response = await UploadAsync("""{"user_id":"","content_type":"text/plain","size_bytes":-1,"sha256":"abc"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["content_type", "sha256", "size_bytes", "user_id"], problem["errors"]!.AsObject().Select(pair => pair.Key).Order());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    public async Task A_body_that_is_not_a_json_object_is_a_400(string body)
    {
        using var response = await UploadAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_form_instead_of_json_is_a_415()
    {
        using var response = await UploadAsync("user_id=alice&content_type=image%2Fpng", "application/x-www-form-urlencoded");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_refused_request_stores_nothing()
    {
        var user = Guid.NewGuid().ToString();

        using var response = await UploadAsync($$"""{"user_id":"{{user}}","content_type":"text/plain"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(api.Store.Records, record => record.UserId == user);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_for_compatibility()
    {
        using var response = await UploadAsync("""{"user_id":"alice","content_type":"image/png","filename":"cat.png","extra":{"nested":true}}""");

        Assert.Equal(ImageStatus.Pending, (await response.AssertOkAsync())["status"]!.GetValue<string>());
    }
}
