using CloudImageService.Images;
using CloudImageService.Ingest;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Images;

/// <summary>
/// Confirmation's rules on fake time and in-memory stores: single flight, leases across instances, the decode-attempt
/// limit, windows and retention. Each behaviour also has an end-to-end test through the AppHost.
/// </summary>
public sealed class UploadConfirmationTests
{
    private static readonly DateTimeOffset Start = ConfirmationHarness.Start;
    private readonly ConfirmationHarness _harness = new();

    private FakeTimeProvider _clock => _harness.Clock;
    private InMemoryImageStore _store => _harness.Store;
    private RecordingObjectStore _objects => _harness.Objects;
    private ScriptedPublisher _publisher => _harness.Publisher;
    private ImageOptions _images => _harness.Images;

    [Fact]
    public async Task Concurrent_callers_of_one_image_share_one_run()
    {
        var image = Pending();
        var confirmation = Instance();
        _publisher.Hold = new TaskCompletionSource();

        var callers = Enumerable.Range(0, 10).Select(i => confirmation.ConfirmAsync(image, $"caller-{i % 3}", CancellationToken.None)).ToList();
        await WaitUntil(() => _publisher.Decodes == 1);
        _publisher.Hold.SetResult();

        Assert.All(await Task.WhenAll(callers), outcome => Assert.IsType<ConfirmOutcome.Available>(outcome));
        Assert.Equal(1, _publisher.Calls);
        Assert.Equal(1, _store[image.ImageId]!.DecodeAttempts);
        Assert.Contains(image.StagingKey!, _objects.Deleted);
    }

    [Fact]
    public async Task An_image_whose_decodes_never_return_is_rejected_after_two_without_a_third_and_another_instance_waits_for_the_lease()
    {
        var image = Pending();
        _publisher.Hold = new TaskCompletionSource(); // never completes: the process died mid-decode
        await AbandonAfterDecodeAsync(Instance(), image, expectedDecodes: 1);

        // A second instance while the first one's lease holds: busy, and nothing decoded.
        var second = await Instance().ConfirmAsync(_store[image.ImageId]!, "caller", CancellationToken.None);
        Assert.IsType<ConfirmOutcome.Busy>(second);
        Assert.Equal(1, _publisher.Decodes);

        _clock.Advance(_harness.Settings.RunBudget + TimeSpan.FromSeconds(31));
        await AbandonAfterDecodeAsync(Instance(), _store[image.ImageId]!, expectedDecodes: 2);
        Assert.Equal(2, _store[image.ImageId]!.DecodeAttempts);

        _clock.Advance(_harness.Settings.RunBudget + TimeSpan.FromSeconds(31));
        var third = await Instance().ConfirmAsync(_store[image.ImageId]!, "caller", CancellationToken.None);

        Assert.Contains("2 times", Assert.IsType<ConfirmOutcome.Rejected>(third).Reason);
        Assert.Equal(2, _publisher.Decodes);
        Assert.Equal(ImageStatus.Rejected, _store[image.ImageId]!.Status);
        Assert.Contains(image.ObjectKey, _objects.Deleted);
    }

    [Fact]
    public async Task Nothing_uploaded_in_the_window_gives_the_lease_back_and_after_window_and_grace_the_record_goes()
    {
        var image = Pending();
        _publisher.Outcome = _ => new PublishOutcome.NotUploaded();
        var confirmation = Instance();

        Assert.IsType<ConfirmOutcome.NotUploaded>(await confirmation.ConfirmAsync(image, "caller", CancellationToken.None));
        Assert.Null(_store.LeaseOf(image.ImageId));

        _clock.Advance(_images.UploadUrlExpiry + _images.UploadGracePeriod);
        Assert.IsType<ConfirmOutcome.NotUploaded>(await confirmation.ConfirmAsync(_store[image.ImageId]!, "caller", CancellationToken.None));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.IsType<ConfirmOutcome.Gone>(await confirmation.ConfirmAsync(_store[image.ImageId]!, "caller", CancellationToken.None));
        Assert.Null(_store[image.ImageId]);
        Assert.Contains(image.StagingKey!, _objects.Deleted);
    }

    [Fact]
    public async Task An_upload_no_decode_thread_took_in_time_is_busy_with_its_bytes_record_and_attempts_untouched()
    {
        var image = Pending();
        _publisher.Outcome = _ => new PublishOutcome.Busy("No decode thread was free within 30 s (Ingest:QueueTimeout).");

        var outcome = await Instance().ConfirmAsync(image, "caller", CancellationToken.None);

        var busy = Assert.IsType<ConfirmOutcome.Busy>(outcome);
        Assert.Contains("Ingest:QueueTimeout", busy.Detail);
        Assert.False(busy.CallerLimit);
        Assert.True(busy.RetryAfter > TimeSpan.Zero);
        var record = _store[image.ImageId]!;
        Assert.Equal((ImageStatus.Pending, 0), (record.Status, record.DecodeAttempts));
        Assert.Null(_store.LeaseOf(image.ImageId));
        Assert.Empty(_objects.Deleted);

        _publisher.Outcome = _ => new PublishOutcome.Published(ScriptedPublisher.Published);
        Assert.IsType<ConfirmOutcome.Available>(await Instance().ConfirmAsync(image, "caller", CancellationToken.None));
    }

    [Fact]
    public async Task Bytes_that_vanish_because_a_delete_ran_meanwhile_report_the_image_gone_not_busy()
    {
        var image = Pending();
        _publisher.Outcome = record =>
        {
            // The delete marks the record and removes the staged object while this run looks at it.
            _store.MarkDeletingAsync(record.ImageId, null, DeletionScope.AnyButTrashed, null, CancellationToken.None).GetAwaiter().GetResult();
            return new PublishOutcome.Busy("The upload changed while it was being verified.");
        };

        Assert.IsType<ConfirmOutcome.Gone>(await Instance().ConfirmAsync(image, "caller", CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_upload_is_rejected_until_the_retention_ends_and_leaves_no_object()
    {
        var image = Pending();
        _publisher.Outcome = _ => new PublishOutcome.Refused("not a PNG", RefusalReasons.WrongType);

        var outcome = await Instance().ConfirmAsync(image, "caller", CancellationToken.None);

        Assert.Equal("not a PNG", Assert.IsType<ConfirmOutcome.Rejected>(outcome).Reason);
        Assert.Equal(Start.UtcDateTime + _images.RejectedRetention, _store.PurgeAt);
        Assert.Superset(new HashSet<string>(image.AllObjectKeys([256, 1024])), new HashSet<string>(_objects.Deleted));
        Assert.Equal(image.AllObjectKeys([256, 1024]).Count(), _objects.Deleted.Distinct().Count());
    }

    [Fact]
    public async Task A_multipart_upload_whose_window_closed_with_parts_missing_is_aborted_with_its_record()
    {
        var image = Pending() with { MultipartUploadId = "upload-1", PartSize = 8, SizeBytes = 20 };
        _store.Add(image);
        _publisher.Outcome = _ => new PublishOutcome.NotUploaded();
        _clock.Advance(_images.MultipartUploadExpiry + _images.UploadGracePeriod + TimeSpan.FromSeconds(1));

        var settled = await Instance().SettleIfWindowClosedAsync(image with { UploadExpiresAt = _harness.Now - _images.UploadGracePeriod - TimeSpan.FromSeconds(1) }, "sweeper", CancellationToken.None);

        Assert.Null(settled);
        Assert.Null(_store[image.ImageId]);
        Assert.Equal([(image.StagingKey!, "upload-1")], _objects.Aborted);
    }

    [Fact]
    public async Task A_run_that_fails_after_its_decode_was_counted_takes_the_count_and_the_lease_back()
    {
        var image = Pending();
        _publisher.FailAfterDecode = new TimeoutException("S3 went away");

        await Assert.ThrowsAsync<TimeoutException>(() => Instance().ConfirmAsync(image, "caller", CancellationToken.None));

        Assert.Equal(0, _store[image.ImageId]!.DecodeAttempts);
        Assert.Null(_store.LeaseOf(image.ImageId));
        Assert.Equal(ImageStatus.Pending, _store[image.ImageId]!.Status);
    }

    [Fact]
    public async Task Past_the_decode_threads_and_the_queue_a_confirmation_is_busy_before_any_byte_is_read()
    {
        var confirmation = Instance(new IngestOptions { MaxConcurrentDecodes = 1, MaxQueuedConfirmations = 0 });
        _publisher.Hold = new TaskCompletionSource();
        var first = confirmation.ConfirmAsync(Pending(), "one", CancellationToken.None);
        await WaitUntil(() => _publisher.Decodes == 1);

        var second = await confirmation.ConfirmAsync(Pending(), "two", CancellationToken.None);

        Assert.False(Assert.IsType<ConfirmOutcome.Busy>(second).CallerLimit);
        Assert.Equal(1, _publisher.Calls);
        _publisher.Hold.SetResult();
        Assert.IsType<ConfirmOutcome.Available>(await first);
    }

    [Fact]
    public async Task Records_that_are_no_longer_pending_are_reported_as_they_are_without_a_run()
    {
        var available = Pending() with { Status = ImageStatus.Available };
        var rejected = Pending() with { Status = ImageStatus.Rejected, RejectionReason = "too big" };

        Assert.IsType<ConfirmOutcome.Available>(await Instance().ConfirmAsync(available, "caller", CancellationToken.None));
        Assert.Equal("too big", Assert.IsType<ConfirmOutcome.Rejected>(await Instance().ConfirmAsync(rejected, "caller", CancellationToken.None)).Reason);
        Assert.Equal(0, _publisher.Calls);
    }

    private async Task AbandonAfterDecodeAsync(UploadConfirmation confirmation, ImageRecord image, int expectedDecodes)
    {
        using var stopWaiting = new CancellationTokenSource();
        var run = confirmation.ConfirmAsync(image, "caller", stopWaiting.Token);
        await WaitUntil(() => _publisher.Decodes == expectedDecodes);
        await stopWaiting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    private ImageRecord Pending() => _harness.Pending();

    private UploadConfirmation Instance(IngestOptions? ingest = null) => _harness.Confirmation(ingest);

    private static Task WaitUntil(Func<bool> condition) => ConfirmationHarness.WaitUntil(condition);
}
