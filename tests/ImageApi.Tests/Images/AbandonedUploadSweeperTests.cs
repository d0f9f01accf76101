using CloudImageService.Images;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ImageApi.Tests.Images;

/// <summary>The sweeper on fake time: it waits for storage, then settles closed windows at every interval, and expires staged objects.</summary>
public sealed class AbandonedUploadSweeperTests
{
    private readonly ConfirmationHarness _harness = new();

    [Fact]
    public async Task Each_interval_settles_the_uploads_whose_window_and_grace_closed_and_leaves_the_others()
    {
        var images = _harness.Images;
        var uploaded = _harness.Pending();
        var neverUploaded = _harness.Pending();
        _harness.Publisher.Outcome = record => record.ImageId == neverUploaded.ImageId
            ? new PublishOutcome.NotUploaded()
            : new PublishOutcome.Published(ScriptedPublisher.Published);
        var readiness = new StorageReadiness();
        using var sweeper = _harness.Sweeper(readiness);
        await sweeper.StartAsync(CancellationToken.None);
        readiness.MarkReady();

        _harness.Clock.Advance(images.UploadUrlExpiry);
        var later = _harness.Pending(); // its window opens now: still open at the next tick
        _harness.Clock.Advance(images.UploadGracePeriod + images.SweepInterval);
        await ConfirmationHarness.WaitUntil(() =>
            _harness.Store[neverUploaded.ImageId] is null && _harness.Store[uploaded.ImageId]!.Status == ImageStatus.Available);

        Assert.Equal(ImageStatus.Pending, _harness.Store[later.ImageId]!.Status);
        Assert.Equal(1, _harness.Publisher.Decodes);
        await sweeper.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task When_their_windows_close_a_file_that_is_not_an_image_is_rejected_and_a_multipart_upload_with_parts_missing_is_aborted_with_its_record()
    {
        var notAnImage = _harness.Pending();
        var partsMissing = _harness.Pending() with { MultipartUploadId = "multipart-1" };
        _harness.Store.Add(partsMissing);
        _harness.Publisher.Outcome = record => record.ImageId == partsMissing.ImageId
            ? new PublishOutcome.NotUploaded()
            : new PublishOutcome.Refused("not an image", RefusalReasons.WrongType);
        var readiness = new StorageReadiness();
        using var sweeper = _harness.Sweeper(readiness);
        await sweeper.StartAsync(CancellationToken.None);
        readiness.MarkReady();

        _harness.Clock.Advance(_harness.Images.UploadUrlExpiry + _harness.Images.UploadGracePeriod + _harness.Images.SweepInterval);
        await ConfirmationHarness.WaitUntil(() =>
            _harness.Store[partsMissing.ImageId] is null && _harness.Store[notAnImage.ImageId]?.Status == ImageStatus.Rejected);

        Assert.Contains((partsMissing.StagingKey!, "multipart-1"), _harness.Objects.Aborted);
        Assert.Contains(notAnImage.StagingKey!, _harness.Objects.Deleted);
        await sweeper.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Nothing_is_swept_before_storage_is_ready()
    {
        var image = _harness.Pending();
        var readiness = new StorageReadiness();
        using var sweeper = _harness.Sweeper(readiness);
        await sweeper.StartAsync(CancellationToken.None);

        _harness.Clock.Advance(_harness.Images.UploadUrlExpiry + _harness.Images.UploadGracePeriod + _harness.Images.SweepInterval * 3);
        await Task.Yield();
        Assert.Equal(0, _harness.Publisher.Calls);

        readiness.MarkReady();
        await ConfirmationHarness.WaitUntil(() => _harness.Store[image.ImageId]!.Status == ImageStatus.Available);
        await sweeper.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Where_the_bucket_has_no_lifecycle_rule_staged_objects_go_once_older_than_the_retention_and_not_before()
    {
        _harness.Objects.ExpiresStagedObjects = false;
        _harness.Settings.StagingRetention = TimeSpan.FromHours(1);
        var stale = ObjectKeys.Staging(Guid.NewGuid().ToString());
        var fresh = ObjectKeys.Staging(Guid.NewGuid().ToString());
        var published = ObjectKeys.Original(Guid.NewGuid().ToString());
        _harness.Objects.Objects[stale] = _harness.Now - TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1);
        _harness.Objects.Objects[fresh] = _harness.Now - TimeSpan.FromHours(1) + TimeSpan.FromMilliseconds(1);
        _harness.Objects.Objects[published] = _harness.Now - TimeSpan.FromDays(30);
        using var sweeper = _harness.Sweeper(new StorageReadiness());

        await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal([published, fresh], _harness.Objects.Objects.Keys.Order(StringComparer.Ordinal));
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(2));
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal([published], _harness.Objects.Objects.Keys);
    }

    [Fact]
    public async Task With_lifecycle_rules_the_bucket_expires_staged_objects_itself()
    {
        var stale = ObjectKeys.Staging(Guid.NewGuid().ToString());
        _harness.Objects.Objects[stale] = _harness.Now - TimeSpan.FromDays(30);
        using var sweeper = _harness.Sweeper(new StorageReadiness());

        await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Contains(stale, _harness.Objects.Objects.Keys);
    }

    [Fact]
    public async Task A_record_that_fails_to_settle_is_counted_and_retried_later_while_the_rest_of_its_shard_is_swept()
    {
        var images = _harness.Images;
        var broken = _harness.Pending();
        _harness.Clock.Advance(TimeSpan.FromSeconds(1)); // oldest first: the broken record leads its shard
        var healthy = _harness.Pending();
        _harness.Publisher.Outcome = record => record.ImageId == broken.ImageId
            ? throw new InvalidOperationException("storage refused the call")
            : new PublishOutcome.Published(ScriptedPublisher.Published);
        using var failures = new MetricCollector<long>(_harness.Meters, IngestMetrics.MeterName, IngestMetricNames.SweepFailures);
        using var sweeper = _harness.Sweeper(new StorageReadiness());
        _harness.Clock.Advance(images.UploadUrlExpiry + images.UploadGracePeriod + TimeSpan.FromSeconds(2));

        await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal(ImageStatus.Available, _harness.Store[healthy.ImageId]!.Status);
        Assert.Equal(ImageStatus.Pending, _harness.Store[broken.ImageId]!.Status);
        Assert.Equal(1, failures.GetMeasurementSnapshot().EvaluateAsCounter());

        var calls = _harness.Publisher.Calls;
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal(calls, _harness.Publisher.Calls); // backing off

        _harness.Clock.Advance(images.SweepInterval);
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal(calls + 1, _harness.Publisher.Calls);
        Assert.Equal(2, failures.GetMeasurementSnapshot().EvaluateAsCounter());

        _harness.Clock.Advance(images.SweepInterval); // two failures in a row: the next try waits two intervals
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal(calls + 1, _harness.Publisher.Calls);
    }
}
