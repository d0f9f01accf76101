using CloudImageService.Images;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ImageApi.Tests.Images;

/// <summary>
/// Graceful shutdown and the measurements of confirmation, on in-memory stores: a stopping host refuses new runs,
/// lets the ones in progress finish, and stops those still running at its deadline with their leases given back.
/// </summary>
public sealed class ConfirmationShutdownTests : IDisposable
{
    private readonly ConfirmationHarness _harness = new();

    [Fact]
    public async Task A_stopping_host_refuses_new_confirmations_with_a_retry_and_reads_nothing()
    {
        var confirmation = _harness.Confirmation();
        _harness.Host.StopApplication();

        var outcome = await confirmation.ConfirmAsync(_harness.Pending(), "caller", CancellationToken.None);

        var busy = Assert.IsType<ConfirmOutcome.Busy>(outcome);
        Assert.Contains("shutting down", busy.Detail);
        Assert.True(busy.RetryAfter > TimeSpan.Zero);
        Assert.Equal(0, _harness.Publisher.Calls);
    }

    [Fact]
    public async Task Draining_waits_for_a_confirmation_in_progress_to_finish()
    {
        var confirmation = _harness.Confirmation();
        var image = _harness.Pending();
        _harness.Publisher.Hold = new TaskCompletionSource();
        var run = confirmation.ConfirmAsync(image, "caller", CancellationToken.None);
        await ConfirmationHarness.WaitUntil(() => _harness.Publisher.Decodes == 1);
        _harness.Host.StopApplication();

        var drained = confirmation.DrainAsync(CancellationToken.None);
        Assert.False(drained.IsCompleted);
        _harness.Publisher.Hold.SetResult();
        await drained;

        Assert.IsType<ConfirmOutcome.Available>(await run);
        Assert.Equal(ImageStatus.Available, _harness.Store[image.ImageId]!.Status);
    }

    [Fact]
    public async Task At_the_shutdown_deadline_a_run_still_going_is_stopped_and_gives_its_lease_and_decode_count_back()
    {
        var confirmation = _harness.Confirmation();
        var image = _harness.Pending();
        _harness.Publisher.Hold = new TaskCompletionSource(); // a decode that outlasts the shutdown timeout
        var run = confirmation.ConfirmAsync(image, "caller", CancellationToken.None);
        await ConfirmationHarness.WaitUntil(() => _harness.Publisher.Decodes == 1);
        Assert.Equal(1, _harness.Store[image.ImageId]!.DecodeAttempts);
        _harness.Host.StopApplication();

        using var deadline = new CancellationTokenSource();
        var drained = confirmation.DrainAsync(deadline.Token);
        await deadline.CancelAsync();
        await drained;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var record = _harness.Store[image.ImageId]!;
        Assert.Equal((ImageStatus.Pending, 0), (record.Status, record.DecodeAttempts));
        Assert.Null(_harness.Store.LeaseOf(image.ImageId));
    }

    [Fact]
    public async Task Confirmations_are_counted_by_outcome_and_refusals_by_reason()
    {
        using var confirmations = Collect("ingest.confirmations");
        using var refusals = Collect("ingest.refusals");
        using var durations = new MetricCollector<double>(_harness.Meters, IngestMetrics.MeterName, "ingest.duration");
        using var inFlight = Collect("ingest.in_flight");
        var confirmation = _harness.Confirmation();
        var refused = _harness.Pending();
        _harness.Publisher.Outcome = record => record.ImageId == refused.ImageId
            ? new PublishOutcome.Refused("too many pixels", RefusalReasons.Pixels)
            : new PublishOutcome.Published(ScriptedPublisher.Published);

        await confirmation.ConfirmAsync(_harness.Pending(), "caller", CancellationToken.None);
        await confirmation.ConfirmAsync(refused, "caller", CancellationToken.None);

        Assert.Equal(["available", "rejected"], confirmations.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
        Assert.Equal(RefusalReasons.Pixels, Assert.Single(refusals.GetMeasurementSnapshot()).Tags["reason"]);
        Assert.Equal(2, durations.GetMeasurementSnapshot().Count);
        Assert.Equal([1, -1, 1, -1], inFlight.GetMeasurementSnapshot().Select(m => m.Value));
    }

    private MetricCollector<long> Collect(string instrument) => new(_harness.Meters, IngestMetrics.MeterName, instrument);

    public void Dispose() => _harness.Host.Dispose();
}
