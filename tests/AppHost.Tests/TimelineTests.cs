using Amazon.DynamoDBv2.Model;

namespace AppHost.Tests;

/// <summary>
/// The timeline on the emulators: <c>order=taken</c> lists by when photos were taken through the timeline index (an
/// image whose file does not say, by its upload), date filters bound the capture time, cursors page it; and a record
/// written before the timeline (and before capture metadata) is placed by <c>timeline backfill</c>, which reads its
/// original's metadata.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class TimelineTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task The_timeline_lists_by_when_each_photo_was_taken_and_its_dates_bound_the_capture_time()
    {
        var userId = ImageApiClient.NewUserId();
        var screenshot = await UploadAndCompleteAsync(userId, TestImages.Png(300, 200), "image/png");
        var photo2019 = await UploadAndCompleteAsync(userId, TestImages.PhotoJpeg(300, 200), "image/jpeg");

        Assert.Equal([photo2019, screenshot], await IdsAsync($"/images?user_id={userId}"));
        Assert.Equal([screenshot, photo2019], await IdsAsync($"/images?user_id={userId}&order=taken"));
        // 18:30:12.5+02:00 is 16:30:12.5Z: inside the 4th of July in UTC, and before 16:31.
        Assert.Equal([photo2019], await IdsAsync($"/images?user_id={userId}&order=taken&start_date=2019-07-04&end_date=2019-07-04"));
        Assert.Equal([photo2019], await IdsAsync($"/images?user_id={userId}&order=taken&end_date=2019-07-04T16:31:00Z"));
        Assert.Empty(await IdsAsync($"/images?user_id={userId}&order=taken&end_date=2019-07-04T16:30:00Z"));
        // By upload time, nothing was uploaded in 2019.
        Assert.Empty(await IdsAsync($"/images?user_id={userId}&end_date=2019-12-31"));
    }

    [Fact]
    public async Task The_timeline_pages_with_its_own_cursors()
    {
        var userId = ImageApiClient.NewUserId();
        var photo = await UploadAndCompleteAsync(userId, TestImages.PhotoJpeg(120, 80), "image/jpeg");
        var newer = await UploadAndCompleteAsync(userId, TestImages.Png(120, 80), "image/png");

        using var first = await Api.Http.GetAsync($"/images?user_id={userId}&order=taken&limit=1");
        var next = ImageApiClient.NextPage(first)!;
        Assert.Contains("order=taken", next);
        Assert.Equal(newer, Assert.Single((await ImageApiClient.ReadJsonAsync(first)).AsArray())!["image_id"]!.GetValue<string>());
        Assert.Equal([photo], await IdsAsync(next));

        // A position on the timeline means nothing in the upload order.
        using var mixed = await Api.Http.GetAsync(next.Replace("&order=taken", "", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, mixed.StatusCode);
    }

    [Fact]
    public async Task The_backfill_places_a_record_written_before_the_timeline_by_its_originals_metadata()
    {
        var userId = ImageApiClient.NewUserId();
        var imageId = await UploadAndCompleteAsync(userId, TestImages.PhotoJpeg(300, 200), "image/jpeg");
        await MakePreTimelineAsync(imageId);
        Assert.Empty(await IdsAsync($"/images?user_id={userId}&order=taken"));

        var output = await ImageApiCommand.RunAsync(service, "timeline", "backfill");

        Assert.Matches(@"timeline: [1-9]\d* examined, [1-9]\d* placed, [1-9]\d* originals read", output);
        var item = (await service.Storage.RecordAsync(imageId))!;
        Assert.Equal("2019-07-04T16:30:12.500000Z", item["taken_time"].S);
        Assert.Equal("2019-07-04T18:30:12.5", item["capture_local_time"].S);
        Assert.Equal([imageId], await IdsAsync($"/images?user_id={userId}&order=taken"));
        var image = (await ImageApiClient.ReadJsonAsync(await Api.Http.GetAsync($"/images/{imageId}"))).AsObject();
        Assert.Equal("2019-07-04T18:30:12.5+02:00", image["taken_at"]!.GetValue<string>());

        // Run again: nothing left to place.
        Assert.Matches(@"timeline: \d+ examined, 0 placed", await ImageApiCommand.RunAsync(service, "timeline", "backfill"));
    }

    /// <summary>As a record written before ingest read metadata and before the timeline: no capture attributes, no taken_time.</summary>
    private Task MakePreTimelineAsync(string imageId) => service.Storage.DynamoDb.UpdateItemAsync(new UpdateItemRequest
    {
        TableName = "images",
        Key = new() { ["image_id"] = new(imageId) },
        UpdateExpression = "REMOVE taken_time, capture_local_time, capture_offset_minutes, camera_make, camera_model, lens, orientation",
    });

    private async Task<string> UploadAndCompleteAsync(string userId, byte[] bytes, string contentType)
    {
        var imageId = await service.UploadAsync(userId, bytes, contentType);
        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        complete.EnsureSuccessStatusCode();
        return imageId;
    }

    private async Task<List<string>> IdsAsync(string path)
    {
        using var response = await Api.Http.GetAsync(path);
        return [.. (await ImageApiClient.ReadJsonAsync(response)).AsArray().Select(image => image!["image_id"]!.GetValue<string>())];
    }
}
