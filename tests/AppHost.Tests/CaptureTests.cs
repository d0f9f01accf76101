using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>
/// Capture metadata through the whole service: a photo's EXIF read at ingest, stored in DynamoDB and answered by
/// GET and listings (validated against the OpenAPI document like every exchange); the place it was taken is not kept
/// by default (Ingest:KeepLocation off). PNG and WebP files written by ExifTool carry theirs in XMP and in EXIF.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class CaptureTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task A_photo_answers_when_and_with_what_it_was_taken_and_not_where_by_default()
    {
        var userId = ImageApiClient.NewUserId();
        var imageId = await service.UploadAsync(userId, TestImages.PhotoJpeg(300, 200), "image/jpeg");

        var completed = await CompleteAsync(imageId);
        var fetched = await GetAsync($"/images/{imageId}");
        var listed = Assert.Single((await GetAsync($"/images?user_id={userId}")).AsArray())!.AsObject();

        foreach (var image in new[] { completed, fetched, listed })
        {
            Assert.Equal("2019-07-04T18:30:12.5+02:00", image["taken_at"]!.GetValue<string>());
            var capture = image["capture"]!.AsObject();
            Assert.Equal("2019-07-04T18:30:12.5+02:00", capture["taken_at"]!.GetValue<string>());
            Assert.True(capture["offset_known"]!.GetValue<bool>());
            Assert.Equal("2019-07-04T18:30:12.5", capture["local_time"]!.GetValue<string>());
            Assert.Equal("+02:00", capture["offset"]!.GetValue<string>());
            Assert.Equal("Canon", capture["camera_make"]!.GetValue<string>());
            Assert.Equal("Canon EOS R5", capture["camera_model"]!.GetValue<string>());
            Assert.Equal("RF24-105mm F4 L IS USM", capture["lens"]!.GetValue<string>());
            Assert.False(capture.ContainsKey("location"));
        }
        var item = (await service.Storage.RecordAsync(imageId))!;
        Assert.Equal("2019-07-04T18:30:12.5", item["capture_local_time"].S);
        Assert.Equal("120", item["capture_offset_minutes"].N);
        Assert.DoesNotContain("location_latitude", item.Keys);
    }

    [Fact]
    public async Task An_image_without_exif_answers_no_capture_at_all()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(300, 200));

        var image = await CompleteAsync(imageId);

        Assert.Equal("available", image["status"]!.GetValue<string>());
        Assert.False(image.ContainsKey("taken_at"));
        Assert.False(image.ContainsKey("capture"));
    }

    [Theory]
    [InlineData("photo-xmp.png", "image/png", "2018-03-10T14:05:09.5-05:00", "iPhone 12")]
    [InlineData("photo-exif.webp", "image/webp", "2020-02-29T23:59:58+09:00", "X-T4")]
    public async Task Files_written_by_exiftool_answer_their_capture_from_xmp_or_from_exif_in_other_formats_than_jpeg(
        string file, string contentType, string takenAt, string model)
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Committed(file), contentType);

        var image = await CompleteAsync(imageId);

        Assert.Equal(takenAt, image["taken_at"]!.GetValue<string>());
        Assert.Equal(model, image["capture"]!["camera_model"]!.GetValue<string>());
    }

    private async Task<JsonObject> CompleteAsync(string imageId)
    {
        using var response = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        return await ImageApiClient.ReadObjectAsync(response);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await Api.Http.GetAsync(path);
        return await ImageApiClient.ReadJsonAsync(response);
    }
}
