using System.Net;
using System.Text.Json.Nodes;
using CloudImageService.Images;
using ImageApi.Tests.Images;

namespace ImageApi.Tests.Api;

/// <summary>What a successful call answers, field by field in snake_case, as clients of the original service read it.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class ContractShapeTests(InMemoryApi api)
{
    [Fact]
    public async Task An_upload_request_answers_the_image_id_a_url_to_put_to_and_until_when()
    {
        using var response = await api.SendAsync(HttpMethod.Post, "/images/upload", """{"user_id":"alice","content_type":"image/png","tags":["beach"]}""");

        var upload = (await response.AssertOkAsync()).AsObject();
        Assert.Equal(["expires_at", "image_id", "status", "upload_headers", "upload_url"], upload.Select(pair => pair.Key).Order());
        var imageId = upload["image_id"]!.GetValue<string>();
        Assert.True(Guid.TryParseExact(imageId, "D", out _));
        Assert.True(Uri.TryCreate(upload["upload_url"]!.GetValue<string>(), UriKind.Absolute, out _));
        Assert.True(upload["expires_at"]!.GetValue<DateTime>() > DateTime.UtcNow);
        Assert.Equal("image/png", upload["upload_headers"]!["Content-Type"]!.GetValue<string>());
        Assert.Equal("pending", upload["status"]!.GetValue<string>());
        Assert.Equal(ImageStatus.Pending, api.Store[imageId]!.Status);
    }

    [Fact]
    public async Task A_declared_size_and_hash_become_headers_the_put_must_carry()
    {
        var sha256 = new string('0', 64);

        using var response = await api.SendAsync(HttpMethod.Post, "/images/upload",
            $$"""{"user_id":"{{Guid.NewGuid()}}","content_type":"image/jpeg","size_bytes":1234,"sha256":"{{sha256}}"}""");

        var headers = (await response.AssertOkAsync())["upload_headers"]!;
        Assert.Equal("1234", headers["Content-Length"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(new byte[32]), headers["x-amz-checksum-sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_multipart_upload_request_answers_parts_instead_of_an_upload_url()
    {
        using var response = await api.SendAsync(HttpMethod.Post, "/images/upload",
            """{"user_id":"alice","content_type":"image/png","size_bytes":20971520,"multipart":true}""");

        var upload = (await response.AssertOkAsync()).AsObject();
        Assert.False(upload.ContainsKey("upload_url"));
        Assert.True(upload["part_count"]!.GetValue<int>() >= 1);
        Assert.True(upload["part_size"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Bytes_already_uploaded_are_a_409_naming_the_existing_image()
    {
        var existing = api.AddImage(userId: Guid.NewGuid().ToString());

        using var response = await api.SendAsync(HttpMethod.Post, "/images/upload",
            $$"""{"user_id":"{{existing.UserId}}","content_type":"image/png","sha256":"{{existing.Sha256}}"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(existing.ImageId, problem["existing_image_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_image_is_its_metadata_in_snake_case()
    {
        var image = api.AddImage();

        using var response = await api.SendAsync(HttpMethod.Get, $"/images/{image.ImageId}");

        var body = (await response.AssertOkAsync()).AsObject();
        Assert.Superset(
            new HashSet<string> { "image_id", "user_id", "content_type", "tags", "description", "upload_time", "status", "size_bytes", "width", "height", "format", "sha256" },
            body.Select(pair => pair.Key).ToHashSet());
        Assert.Equal(image.ImageId, body["image_id"]!.GetValue<string>());
        Assert.Equal("available", body["status"]!.GetValue<string>());
        Assert.EndsWith("Z", body["upload_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_image_with_capture_metadata_answers_taken_at_and_a_capture_object_in_snake_case()
    {
        var image = api.AddImage(userId: Guid.NewGuid().ToString(), capture: new CaptureMetadata
        {
            LocalTime = new DateTime(2019, 7, 4, 18, 30, 12),
            CameraMake = "Canon",
            Orientation = 6,
            Location = new GeoPosition(48.856667, 2.35),
        });

        using var one = await api.SendAsync(HttpMethod.Get, $"/images/{image.ImageId}");
        using var list = await api.SendAsync(HttpMethod.Get, $"/images?user_id={image.UserId}");

        foreach (var body in new[] { (await one.AssertOkAsync()).AsObject(), (await list.AssertOkAsync()).AsArray().Single()!.AsObject() })
        {
            Assert.Equal("2019-07-04T18:30:12", body["taken_at"]!.GetValue<string>());
            var capture = body["capture"]!.AsObject();
            Assert.Equal(["camera_make", "local_time", "location", "offset_known", "orientation", "taken_at"], capture.Select(pair => pair.Key).Order());
            Assert.False(capture["offset_known"]!.GetValue<bool>());
            Assert.Equal(6, capture["orientation"]!.GetValue<int>());
            // With auth mode None the caller is whoever the request names: the owner.
            Assert.Equal(48.856667, capture["location"]!["latitude"]!.GetValue<double>());
            Assert.Equal(2.35, capture["location"]!["longitude"]!.GetValue<double>());
        }
    }

    [Fact]
    public async Task Completing_an_upload_answers_the_image_available_with_what_ingest_found()
    {
        var image = api.AddImage(ImageStatus.Pending);

        using var response = await api.SendAsync(HttpMethod.Post, $"/images/{image.ImageId}/complete");

        var body = await response.AssertOkAsync();
        Assert.Equal("available", body["status"]!.GetValue<string>());
        Assert.Equal(ScriptedPublisher.Published.Width, body["width"]!.GetValue<int>());
        Assert.Equal(ScriptedPublisher.Published.Sha256, body["sha256"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("download", "image/png")]
    [InlineData("thumbnail", "image/webp")]
    public async Task A_download_answers_a_url_until_when_and_the_content_type(string action, string contentType)
    {
        var image = api.AddImage();

        using var response = await api.SendAsync(HttpMethod.Get, $"/images/{image.ImageId}/{action}");

        var body = (await response.AssertOkAsync()).AsObject();
        Assert.Equal(["content_type", "download_url", "expires_at", "image_id"], body.Select(pair => pair.Key).Order());
        Assert.Equal(contentType, body["content_type"]!.GetValue<string>());
        Assert.True(body["expires_at"]!.GetValue<DateTime>() > DateTime.UtcNow);
    }

    [Fact]
    public async Task Deleting_answers_the_original_message_and_the_image_is_gone_to_its_clients_while_the_trash_keeps_its_bytes()
    {
        var image = api.AddImage();

        using var deleted = await api.SendAsync(HttpMethod.Delete, $"/images/{image.ImageId}");
        using var download = await api.SendAsync(HttpMethod.Get, $"/images/{image.ImageId}/download");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"Image deleted successfully"}"""), await deleted.AssertOkAsync()));
        Assert.Equal("Image not found", (await download.AssertProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>());
        Assert.DoesNotContain(image.ObjectKey, api.Objects.Deleted);
        Assert.Equal(ImageStatus.Trashed, api.Store[image.ImageId]!.Status);
    }

    [Fact]
    public async Task Deleting_permanently_answers_the_original_message_and_removes_the_bytes_and_the_record()
    {
        var image = api.AddImage();

        using var deleted = await api.SendAsync(HttpMethod.Delete, $"/images/{image.ImageId}?permanent=true");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"Image deleted successfully"}"""), await deleted.AssertOkAsync()));
        Assert.Contains(image.ObjectKey, api.Objects.Deleted);
        Assert.Null(api.Store[image.ImageId]);
    }
}
