using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

/// <summary>
/// An AppHost of its own: upload windows of seconds (so abandoned uploads expire during the test, not after minutes),
/// a staging retention and a trash retention of seconds, and emulator data on disk (so stopping and restarting the S3 emulator keeps the bucket).
/// </summary>
public sealed class ShortWindowFixture : AppHostFixture
{
    public static readonly TimeSpan UploadUrlExpiry = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan UploadGracePeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longer than an upload's window (expiry plus grace), as it must be: else the sweeper expires bytes it could still
    /// confirm. The 15 s beyond the window are the sweeper's time to confirm an upload before its bytes expire, on a busy machine.
    /// </summary>
    public static readonly TimeSpan StagingRetention = TimeSpan.FromSeconds(20);

    /// <summary>Long enough to look at and restore a trashed image, short enough to watch the sweeper purge one.</summary>
    public static readonly TimeSpan TrashRetention = TimeSpan.FromSeconds(20);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("image-service-tests-").FullName;

    protected override IEnumerable<string> AppHostArguments => ["LocalAws:InMemory=false", $"LocalAws:DataDirectory={_dataDirectory}"];

    protected override void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi) => imageApi
        .WithEnvironment("Images__UploadUrlExpiry", UploadUrlExpiry.ToString())
        .WithEnvironment("Images__MultipartUploadExpiry", UploadUrlExpiry.ToString())
        .WithEnvironment("Images__UploadGracePeriod", UploadGracePeriod.ToString())
        .WithEnvironment("Images__SweepInterval", "00:00:01")
        .WithEnvironment("Images__MaxUploadBytes", "1024")
        .WithEnvironment("Ingest__StagingRetention", StagingRetention.ToString())
        .WithEnvironment("Images__TrashRetention", TrashRetention.ToString());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        // On Windows an emulator that just exited may hold its files a moment longer.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    public async Task StopAsync(string resource)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(result.Success, result.Message);
    }

    /// <summary>
    /// Starts the resource again. An emulator stopped a moment ago may still hold its data directory's lock while it
    /// exits, so the new process fails to start: then it is started once more, a little later.
    /// </summary>
    public async Task StartAsync(string resource)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
            Assert.True(result.Success, result.Message);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
                return;
            }
            catch (DistributedApplicationException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ShortWindowCollection : ICollectionFixture<ShortWindowFixture>
{
    public const string Name = "Image service with short upload windows";
}

[Collection(ShortWindowCollection.Name)]
public class LifecycleTests(ShortWindowFixture service)
{
    // Windows close after seconds; this deadline only catches a sweeper that never comes.
    private static readonly TimeSpan SweepDeadline = TimeSpan.FromSeconds(60);

    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task An_oversized_upload_without_a_declared_size_is_rejected_at_confirm()
    {
        var tooBig = TestImages.Png().Concat(new byte[2048]).ToArray();
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), tooBig);

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        Assert.Contains("1024", (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>());
        Assert.False(await service.Storage.ObjectExistsAsync(imageId));
    }

    [Fact]
    public async Task A_delete_interrupted_by_an_s3_outage_leaves_a_retryable_record_that_a_later_delete_finishes()
    {
        var userId = ImageApiClient.NewUserId();
        var imageId = await service.UploadAsync(userId, TestImages.Png());
        (await Api.Http.PostAsync($"/images/{imageId}/complete", null)).Dispose();

        await service.StopAsync("s3");
        try
        {
            // A permanent delete: with a trash, a plain one only marks the record and never reaches S3.
            using var failed = await Api.Http.DeleteAsync($"/images/{imageId}?permanent=true");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);

            Assert.Equal("deleting", await service.Storage.RecordStatusAsync(imageId));
            using var get = await Api.Http.GetAsync($"/images/{imageId}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            using var list = await Api.Http.GetAsync($"/images?user_id={userId}");
            Assert.Empty((await ImageApiClient.ReadJsonAsync(list)).AsArray());
        }
        finally
        {
            await service.StartAsync("s3");
        }

        Assert.True(await service.Storage.ObjectExistsAsync(imageId), "the object outlived the failed delete");
        using var retried = await Api.Http.DeleteAsync($"/images/{imageId}?permanent=true");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Null(await service.Storage.RecordStatusAsync(imageId));
        Assert.False(await service.Storage.ObjectExistsAsync(imageId));
        using var again = await Api.Http.DeleteAsync($"/images/{imageId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task A_storage_outage_is_503_within_five_seconds_and_the_api_recovers_without_losing_an_image()
    {
        var userId = ImageApiClient.NewUserId();
        var bytes = TestImages.Png();
        var imageId = await service.UploadAsync(userId, bytes);
        (await Api.Http.PostAsync($"/images/{imageId}/complete", null)).Dispose();

        await service.StopAsync("dynamodb");
        try
        {
            foreach (var request in new Func<Task<HttpResponseMessage>>[]
            {
                () => Api.Http.GetAsync($"/images?user_id={userId}"),
                () => Api.Http.GetAsync($"/images/{imageId}/download"),
                () => Api.RequestUploadAsync(new { user_id = userId, content_type = "image/png" }),
            })
            {
                // The API's storage budget answers within seconds; this deadline only catches a hang.
                using var response = await request().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            using var health = await Api.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }
        finally
        {
            await service.StartAsync("dynamodb");
        }

        await Eventually(async () =>
        {
            using var health = await Api.Http.GetAsync("/health");
            return health.StatusCode == HttpStatusCode.OK;
        });
        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        var url = (await ImageApiClient.ReadObjectAsync(download))["download_url"]!.GetValue<string>();
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await service.Plain.GetByteArrayAsync(url)));
        Assert.NotNull(await Api.CreateUploadAsync(userId));
    }

    /// <summary>
    /// The one end-to-end sweep (each case is also a unit test on fake time, see AbandonedUploadSweeperTests): when their
    /// windows close, a record never uploaded goes, a multipart upload with parts missing is aborted with its record, an
    /// uploaded image is confirmed and a text file rejected; a staged object no upload will confirm goes once older than
    /// the staging retention and not before, while an upload still in its window keeps its staged bytes.
    /// </summary>
    [Fact]
    public async Task One_sweep_settles_every_kind_of_abandoned_upload_and_expires_staged_objects_at_their_retention()
    {
        var leftBehind = await LeaveStagedObjectBehindAsync();
        var stagedAt = await service.Storage.StagedAtAsync(leftBehind);
        Assert.NotNull(stagedAt);
        var neverUploaded = (await Api.CreateUploadAsync(ImageApiClient.NewUserId()))["image_id"]!.GetValue<string>();
        var (partsMissing, multipartUploadId) = await StartMultipartWithOnePartOfTwoAsync();
        var image = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());
        var notAnImage = await service.UploadAsync(ImageApiClient.NewUserId(), "plain text"u8.ToArray());
        Assert.Equal("pending", await service.Storage.RecordStatusAsync(neverUploaded));

        await Eventually(async () => await service.Storage.RecordStatusAsync(neverUploaded) is null
            && await service.Storage.RecordStatusAsync(partsMissing) is null
            && await service.Storage.RecordStatusAsync(image) == "available"
            && await service.Storage.RecordStatusAsync(notAnImage) == "rejected");
        Assert.True(await service.Storage.ObjectExistsAsync(image));
        Assert.False(await service.Storage.ObjectExistsAsync(notAnImage));
        var gone = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => service.Storage.S3.ListPartsAsync(
            new Amazon.S3.Model.ListPartsRequest { BucketName = "images-bucket", Key = $"uploads/{partsMissing}", UploadId = multipartUploadId }));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        // Uploaded so that its window is still open when the object left behind expires (on an idle machine).
        var retentionEnds = stagedAt.Value + ShortWindowFixture.StagingRetention;
        await DelayUntil(retentionEnds - ShortWindowFixture.UploadUrlExpiry);
        var inItsWindow = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());

        await Eventually(async () => await service.Storage.StagedAtAsync(leftBehind) is null);
        // Gone by this moment, which is after its retention ended, as it must be: a sweeper that removes it early is seen
        // here within a poll of doing so.
        var seenGone = DateTime.UtcNow;
        Assert.True(seenGone > retentionEnds, $"removed within {(seenGone - stagedAt.Value).TotalSeconds:F1} s of being staged");
        Assert.Equal("available", await service.Storage.RecordStatusAsync(leftBehind));
        Assert.True(await service.Storage.ObjectExistsAsync(leftBehind), "only the staged copy expires, not the published image");

        // Its staged bytes were kept until the sweeper confirmed them.
        await Eventually(async () => await service.Storage.RecordStatusAsync(inItsWindow) == "available");
        Assert.True(await service.Storage.ObjectExistsAsync(inItsWindow));
    }

    private async Task<(string ImageId, string UploadId)> StartMultipartWithOnePartOfTwoAsync()
    {
        const long size = 12L * 1024 * 1024;
        using var created = await Api.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png", size_bytes = size, multipart = true });
        var imageId = (await ImageApiClient.ReadObjectAsync(created))["image_id"]!.GetValue<string>();
        using var signed = await Api.Http.PostAsJsonAsync($"/images/{imageId}/parts", new { parts = new[] { new { part_number = 1 } } });
        var part = (await ImageApiClient.ReadObjectAsync(signed))["parts"]![0]!;
        using (var put = await service.Plain.PutAsync(part["upload_url"]!.GetValue<string>(), new ByteArrayContent(new byte[8 * 1024 * 1024])))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var item = await service.Storage.DynamoDb.GetItemAsync("images", new() { ["image_id"] = new(imageId) });
        return (imageId, item.Item["multipart_upload_id"].S);
    }

    /// <summary>
    /// Uploads and confirms an image, then PUTs to its upload URL again, as a client that retries late may: no pending
    /// record will ever claim that staged object, so only the staging retention removes it. Returns the image id.
    /// </summary>
    private async Task<string> LeaveStagedObjectBehindAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var upload = await Api.CreateUploadAsync(ImageApiClient.NewUserId());
            var imageId = upload["image_id"]!.GetValue<string>();
            var url = upload["upload_url"]!.GetValue<string>();
            using var put = await service.PutAsync(url, TestImages.Png(), "image/png");
            if (put.StatusCode == HttpStatusCode.OK)
            {
                using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
                Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
                using var again = await service.PutAsync(url, TestImages.Png(), "image/png");
                if (again.StatusCode == HttpStatusCode.OK) return imageId;
            }
            // A busy machine can take longer than the URL's seconds: then it is refused (403) and a new one is asked for.
            Assert.True(upload["expires_at"]!.GetValue<DateTime>() <= DateTime.UtcNow, "an upload URL was refused before it expired");
            Assert.True(attempt < 5, "every upload URL expired before its PUTs");
        }
    }

    private static async Task DelayUntil(DateTime moment)
    {
        var wait = moment - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + SweepDeadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SweepDeadline.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
