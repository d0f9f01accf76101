using System.Net;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace AppHost.Tests;

/// <summary>
/// Uploads written as an attacker writes them, confirmed through the AppHost on real emulators, with the decode
/// budget a 512 MiB task derives (<see cref="ImageServiceFixture"/>): each is refused fast with the limit named, the
/// API stays up, and an honest upload is confirmed right after. Concurrent confirmations share one decode; an image
/// whose decodes ended without a verdict is not decoded again; what downloads serve carries our headers only.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class IngestLimitsTests(ImageServiceFixture service)
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(20);

    private ImageApiClient Api => service.Api;

    public static TheoryData<string, string, Func<byte[]>> Hostile => new()
    {
        { "10,000² Adam7 16-bit RGBA PNG", "image/png", () => HostileImages.InterlacedPng16(10_000, 10_000) },
        { "7,000² 32-bit float TIFF", "image/tiff", () => HostileImages.FloatTiff(7_000) },
        { "10,000² GIF canvas", "image/gif", () => HostileImages.GifCanvas(10_000) },
        { "10,000² lossless WebP", "image/webp", () => HostileImages.LosslessWebp(10_000) },
        { "10,000² animated WebP canvas", "image/webp", () => HostileImages.AnimatedWebpCanvas(10_000) },
        { "9,600² AVIF", "image/avif", () => HostileImages.AvifExtent(9_600) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task An_image_whose_decode_would_not_fit_the_memory_budget_is_422_naming_the_limit_and_the_api_stays_up(
        string _, string contentType, Func<byte[]> make)
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), make(), contentType);

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null).WaitAsync(Fast);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        var detail = (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>();
        Assert.Contains("Ingest:DecodeMemoryBytes", detail);
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
        await AssertAnotherUsersUploadIsConfirmedAsync();
    }

    [Fact]
    public async Task A_file_declaring_more_frames_than_allowed_is_422_naming_the_limit()
    {
        using var frames = Image.Black(8, 8 * 101, bands: 3);
        using var noisy = frames.Add(Image.Gaussnoise(8, 8 * 101, sigma: 40).Cast(Enums.BandFormat.Uchar));
        using var animated = noisy.Cast(Enums.BandFormat.Uchar).Mutate(mutable => mutable.Set(GValue.GIntType, "page-height", 8));
        var gif = animated.GifsaveBuffer();
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), gif, "image/gif");

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null).WaitAsync(Fast);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        Assert.Contains("Ingest:MaxPages", (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_confirmations_of_one_image_share_one_decode_and_all_see_it_available()
    {
        var bytes = TestImages.Jpeg(2400, 1600);
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), bytes, "image/jpeg");

        var calls = Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? Api.Http.PostAsync($"/images/{imageId}/complete", null)
            : Api.Http.GetAsync($"/images/{imageId}/download"));
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in responses) response.Dispose();
        Assert.Equal(1, await CountLogLinesAsync($"Decoding upload of image {imageId}"));
        Assert.Equal("1", await service.Storage.RecordAttributeAsync(imageId, "decode_attempts"));
    }

    [Fact]
    public async Task An_image_whose_decodes_ended_twice_without_a_verdict_is_rejected_without_a_third()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(64, 48));
        // What two crashed runs leave: the count written before each decode, and no verdict.
        await SetRecordAttributeAsync(imageId, "decode_attempts", new AttributeValue { N = "2" });

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        Assert.Contains("will not be tried again", (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>());
        Assert.Equal(0, await CountLogLinesAsync($"Decoding upload of image {imageId}", expectSome: false));
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
    }

    [Fact]
    public async Task While_another_instance_holds_the_confirmation_lease_callers_get_503_with_retry_after_and_nothing_is_decoded()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(64, 48));
        // What another instance's run in progress leaves on the record.
        await SetRecordAttributeAsync(imageId, "confirm_lease_until", new AttributeValue { S = "2999-01-01T00:00:00.000000Z" });

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        using var get = await Api.Http.GetAsync($"/images/{imageId}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, complete.StatusCode);
        Assert.NotNull(complete.Headers.RetryAfter);
        Assert.Contains("being confirmed by another request", (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>());
        Assert.Equal("pending", (await ImageApiClient.ReadObjectAsync(get))["status"]!.GetValue<string>());
        Assert.Null(await service.Storage.RecordAttributeAsync(imageId, "decode_attempts"));
    }

    [Fact]
    public async Task An_ultrahdr_photo_is_an_available_jpeg_with_its_original_untouched()
    {
        using var hdr = Image.Black(640, 480, bands: 3).Cast(Enums.BandFormat.Float).Copy(interpretation: Enums.Interpretation.Scrgb);
        using var lit = hdr + new[] { 0.8, 0.5, 0.2 };
        var bytes = (byte[])Operation.Call("uhdrsave_buffer", null, lit);
        Assert.StartsWith("uhdrload", TestImages.Inspect(bytes).Loader);
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), bytes, "image/jpeg");

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        var image = await ImageApiClient.ReadObjectAsync(complete);
        Assert.Equal(("available", "jpeg", 640), (image["status"]!.GetValue<string>(), image["format"]!.GetValue<string>(), image["width"]!.GetValue<int>()));
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await service.Storage.ReadAsync("images/" + imageId)));
        var thumbnailKey = (await service.Storage.KeysOfAsync(imageId)).Single(key => key.StartsWith($"thumbnails/{imageId}/256-", StringComparison.Ordinal));
        var thumbnail = TestImages.Inspect(await service.Storage.ReadAsync(thumbnailKey));
        Assert.Equal((256, 192), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task Downloads_serve_our_type_and_disposition_and_not_the_uploaders_headers()
    {
        var bytes = TestImages.Png(40, 30);
        using var response = await Api.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png" });
        var upload = await ImageApiClient.ReadObjectAsync(response);
        var imageId = upload["image_id"]!.GetValue<string>();
        using var put = new HttpRequestMessage(HttpMethod.Put, upload["upload_url"]!.GetValue<string>()) { Content = new ByteArrayContent(bytes) };
        put.Content.Headers.ContentType = new("image/png");
        put.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=\"invoice.html\"");
        using (var sent = await service.Plain.SendAsync(put)) Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        var url = (await ImageApiClient.ReadObjectAsync(download))["download_url"]!.GetValue<string>();

        Assert.Contains("response-content-type=image%2Fpng", url);
        Assert.Contains("response-content-disposition=", url);
        var head = await service.Storage.S3.GetObjectMetadataAsync("images-bucket", "images/" + imageId);
        Assert.Null(head.Headers.ContentDisposition);
        Assert.Equal(["immutable", "max-age=31536000", "private"], head.Headers.CacheControl.Split(", ").Order(StringComparer.Ordinal));
        using var served = await service.Plain.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal($"inline; filename=\"{imageId}.png\"", served.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
    }

    private async Task AssertAnotherUsersUploadIsConfirmedAsync()
    {
        using var alive = await Api.Http.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(32, 24));
        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
    }

    /// <summary>Writes one attribute of the record directly, as another instance or a crashed run would have left it.</summary>
    private Task SetRecordAttributeAsync(string imageId, string name, AttributeValue value) =>
        service.Storage.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "images",
            Key = new() { ["image_id"] = new AttributeValue { S = imageId } },
            UpdateExpression = "SET #name = :value",
            ExpressionAttributeNames = new() { ["#name"] = name },
            ExpressionAttributeValues = new() { [":value"] = value },
        });

    /// <summary>
    /// Lines of the ImageApi's console log containing <paramref name="text"/>, as the AppHost collected them: the
    /// backlog and what arrives next. Expecting some, it reads until the first arrives and two seconds more (for any
    /// duplicate); expecting none, three seconds.
    /// </summary>
    private async Task<int> CountLogLinesAsync(string text, bool expectSome = true)
    {
        var logs = service.App.Services.GetRequiredService<ResourceLoggerService>();
        var count = 0;
        using var stop = new CancellationTokenSource(expectSome ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(3));
        try
        {
            await foreach (var batch in logs.WatchAsync(ImageApiResource()).WithCancellation(stop.Token))
            {
                var before = count;
                count += batch.Count(line => line.Content.Contains(text, StringComparison.Ordinal));
                if (expectSome && before == 0 && count > 0) stop.CancelAfter(TimeSpan.FromSeconds(2));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return count;
    }

    private IResource ImageApiResource() =>
        service.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == "imageapi");
}
