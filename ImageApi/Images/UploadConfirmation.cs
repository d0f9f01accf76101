using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

public abstract record ConfirmOutcome
{
    public sealed record Available(ImageRecord Image) : ConfirmOutcome;
    public sealed record NotUploaded(ImageRecord Image) : ConfirmOutcome;
    public sealed record Rejected(ImageRecord Image, string Reason) : ConfirmOutcome;
    public sealed record Gone : ConfirmOutcome;
    public sealed record MalformedId : ConfirmOutcome;

    /// <summary>Verified, but keeping it would pass its owner's quota: refused, its bytes deleted, the record rejected.</summary>
    public sealed record OverQuota(ImageRecord Image, QuotaRefusal Refusal) : ConfirmOutcome;

    /// <summary>Not confirmed now: the instance is full, the caller has too many running, or another instance holds it.</summary>
    public sealed record Busy(string Detail, bool CallerLimit, TimeSpan RetryAfter) : ConfirmOutcome;
}

/// <summary>
/// The one owner of confirmation: moves a pending image to available or rejected. Within an instance, every caller
/// of one image (complete, download, GET, the sweeper) shares one run; across instances a conditional lease on the
/// record lets one run at a time. A run is admitted before any byte is read (<see cref="IConfirmationAdmission"/>), stages
/// the upload (read, hashed, checked, a decode thread taken: <see cref="IUploadPublisher"/>), counts its decode on the
/// record, then decodes and publishes; and an image whose decodes ended twice without a verdict (the process died) is
/// rejected instead of decoded again. Every transition is a conditional write on the current status, so a delete or
/// another instance racing a run cannot corrupt the record: the loser reports the state the winner left.
/// </summary>
public sealed partial class UploadConfirmation(
    IImageStore repository,
    IObjectStore objects,
    IUploadPublisher publisher,
    IConfirmationAdmission admission,
    UsageLedger usage,
    IOptions<ImageOptions> options,
    IOptions<IngestFacts> settings,
    IHostApplicationLifetime lifetime,
    IngestMetrics metrics,
    TimeProvider clock,
    ILogger<UploadConfirmation> logger) : IDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReleaseBudget = TimeSpan.FromSeconds(5);
    private readonly ImageOptions _options = options.Value;
    private readonly IngestFacts _settings = settings.Value;
    private readonly ConcurrentDictionary<string, Lazy<Task<ConfirmOutcome>>> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    // Longer than a run may last, so a live run never loses its lease; a run on a dead instance frees it after this.
    private TimeSpan LeaseDuration => _settings.RunBudget + TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks the upload of a pending image and records the verdict; a pending image whose window has closed with
    /// nothing uploaded is removed (Gone). Other states are reported as they are. Joins a run already going here.
    /// </summary>
    /// <param name="image">The record as last read.</param>
    /// <param name="callerKey">Who asks, for the per-caller limit.</param>
    /// <param name="cancellationToken">Stops waiting; the run itself goes on for the other callers.</param>
    public async Task<ConfirmOutcome> ConfirmAsync(ImageRecord image, string callerKey, CancellationToken cancellationToken)
    {
        if (!image.IsPending) return Report(image);

        Lazy<Task<ConfirmOutcome>> mine = null!;
        mine = new Lazy<Task<ConfirmOutcome>>(() => RunThenLeaveAsync(image, callerKey, mine));
        return await _running.GetOrAdd(image.ImageId, mine).Value.WaitAsync(cancellationToken);
    }

    // The run leaves the map before its outcome is published: a caller arriving later starts afresh, never reads a stale one.
    private async Task<ConfirmOutcome> RunThenLeaveAsync(ImageRecord image, string callerKey, Lazy<Task<ConfirmOutcome>> entry)
    {
        try
        {
            return await RunAsync(image, callerKey);
        }
        finally
        {
            _running.TryRemove(KeyValuePair.Create(image.ImageId, entry));
        }
    }

    /// <summary>
    /// Confirms an image whose upload window has closed, or removes it when nothing usable arrived. Images still in
    /// their window, no longer pending, or busy elsewhere come back unchanged. Null: the image is gone.
    /// </summary>
    public async Task<ImageRecord?> SettleIfWindowClosedAsync(ImageRecord image, string callerKey, CancellationToken cancellationToken)
    {
        if (!image.UploadWindowClosed(Now, _options.UploadGracePeriod)) return image;

        return await ConfirmAsync(image, callerKey, cancellationToken) switch
        {
            ConfirmOutcome.Available available => available.Image,
            ConfirmOutcome.Rejected rejected => rejected.Image,
            ConfirmOutcome.Busy or ConfirmOutcome.NotUploaded => image,
            _ => null,
        };
    }

    /// <summary>
    /// Waits for the runs in progress to end; once <paramref name="deadline"/> passes, stops them, which gives their
    /// leases back (and the decode counts they took) so another instance confirms those images at once.
    /// New runs are refused from the moment the host began stopping.
    /// </summary>
    public async Task DrainAsync(CancellationToken deadline)
    {
        var runs = _running.Values.Where(run => run.IsValueCreated)
            .Select(run => run.Value.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))
            .ToList();
        if (runs.Count == 0) return;
        LogDraining(runs.Count);
        try
        {
            await Task.WhenAll(runs).WaitAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            await _abandon.CancelAsync();
            await Task.WhenAll(runs).WaitAsync(ReleaseBudget, clock, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _abandon.Dispose();

    private async Task<ConfirmOutcome> RunAsync(ImageRecord image, string callerKey)
    {
        await Task.Yield();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            metrics.Confirmed("busy");
            return new ConfirmOutcome.Busy("This server is shutting down; retry and another one will confirm it.", CallerLimit: false, RetryAfter);
        }
        var admitted = admission.TryEnter(callerKey);
        if (admitted is not ConfirmationAdmission.Admitted { Slot: var slot })
        {
            metrics.Confirmed("busy");
            return admitted is ConfirmationAdmission.CallerBusy { Limit: var limit }
                ? new ConfirmOutcome.Busy(
                    $"You have {limit} uploads being confirmed already; retry when one has finished.", CallerLimit: true, RetryAfter)
                : new ConfirmOutcome.Busy("Too many uploads are being confirmed right now; retry shortly.", CallerLimit: false, RetryAfter);
        }
        using (slot)
        using (metrics.Running())
        {
            var started = clock.GetTimestamp();
            var outcome = "failed";
            try
            {
                var result = await RunAdmittedAsync(image);
                outcome = OutcomeName(result);
                return result;
            }
            finally
            {
                metrics.Confirmed(outcome);
                metrics.RunTook(clock.GetElapsedTime(started));
            }
        }
    }

    private static string OutcomeName(ConfirmOutcome outcome) => outcome switch
    {
        ConfirmOutcome.Available => "available",
        ConfirmOutcome.Rejected or ConfirmOutcome.OverQuota => "rejected",
        ConfirmOutcome.NotUploaded => "not_uploaded",
        ConfirmOutcome.Busy => "busy",
        _ => "gone",
    };

    private async Task<ConfirmOutcome> RunAdmittedAsync(ImageRecord image)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token);
        budget.CancelAfter(_settings.RunBudget);
        var cancellationToken = budget.Token;

        var leased = await repository.TryLeaseAsync(image.ImageId, Now, Now + LeaseDuration, cancellationToken);
        if (leased is null)
        {
            var current = await repository.FindAsync(image.ImageId, cancellationToken);
            return current is { IsPending: true }
                ? new ConfirmOutcome.Busy("This upload is being confirmed by another request; retry shortly.", false, RetryAfter)
                : Report(current);
        }

        if (leased.DecodeAttempts >= _settings.MaxDecodeAttempts)
        {
            return await RejectAsync(leased, new PublishOutcome.Refused(
                $"Verifying this upload stopped the service {leased.DecodeAttempts} times without a verdict; it will not be tried again.",
                RefusalReasons.Attempts), cancellationToken);
        }

        var decodeCounted = false;
        PublishOutcome published;
        try
        {
            await using var staged = await publisher.StageAsync(leased, cancellationToken);
            if (staged.Ended is { } ended)
            {
                published = ended;
            }
            else
            {
                // A decode thread holds this image alone now: a crash from here on is charged to it.
                await repository.RecordDecodeAttemptAsync(image.ImageId, cancellationToken);
                decodeCounted = true;
                LogDecoding(image.ImageId, leased.DecodeAttempts + 1);
                published = await staged.DecodeAndPublishAsync(cancellationToken);
            }
        }
        catch
        {
            // The process survived: whatever failed was not the decode taking it down. Let go for the next run.
            await ForgetAttemptAsync(image.ImageId, decodeCounted);
            throw;
        }

        switch (published)
        {
            case PublishOutcome.Published ok:
                // Counted before the record turns available: the ledger entry makes a retry of this step count once.
                var charge = await usage.ChargeAsync(leased, ok.Image.StoredBytes, cancellationToken);
                if (charge.Refusal is { } overQuota)
                {
                    var refused = await RejectAsync(leased, new PublishOutcome.Refused(overQuota.Reason, RefusalReasons.Quota), cancellationToken);
                    return refused is ConfirmOutcome.Rejected { Image: var rejectedImage } ? new ConfirmOutcome.OverQuota(rejectedImage, overQuota) : refused;
                }
                var available = await repository.MarkAvailableAsync(image.ImageId, ok.Image, cancellationToken);
                if (available is null) return await ReportAfterLostRaceAsync(leased, cancellationToken);
                await usage.SettleChargeAsync(available, charge, cancellationToken);
                // A crash before this leaves the staged copy to expire with the staging prefix.
                if (available.StagingKey is { } staging) await objects.DeleteAllAsync([staging], cancellationToken);
                return new ConfirmOutcome.Available(available);

            case PublishOutcome.Refused refused:
                return await RejectAsync(leased, refused, cancellationToken);

            case PublishOutcome.Busy busy:
                await repository.ReleaseLeaseAsync(image.ImageId, cancellationToken);
                // Staged bytes that vanished mid-run were most likely deleted with their image: then it is gone, not busy.
                var current = await repository.FindAsync(image.ImageId, cancellationToken);
                return current is { Status: ImageStatus.Pending }
                    ? new ConfirmOutcome.Busy($"{busy.Reason} Retry shortly.", CallerLimit: false, RetryAfter)
                    : Report(current);

            default:
                await repository.ReleaseLeaseAsync(image.ImageId, cancellationToken);
                if (!leased.UploadWindowClosed(Now, _options.UploadGracePeriod)) return new ConfirmOutcome.NotUploaded(leased);
                return await RemoveAbandonedAsync(leased, cancellationToken)
                    ? new ConfirmOutcome.Gone()
                    : Report(await repository.FindAsync(image.ImageId, cancellationToken));
        }
    }

    /// <summary>Objects first: a crash after that leaves a pending record without bytes, which the sweeper removes.</summary>
    private async Task<ConfirmOutcome> RejectAsync(ImageRecord image, PublishOutcome.Refused refusal, CancellationToken cancellationToken)
    {
        var reason = refusal.Reason;
        await objects.RemoveAllOfAsync(image, _settings, cancellationToken);
        var rejected = await repository.MarkRejectedAsync(image.ImageId, reason, Now + _options.RejectedRetention, cancellationToken);
        // An earlier run may have counted it before it died: a rejected image counts nothing.
        if (rejected is not null) await usage.RefundAsync(rejected, cancellationToken);
        metrics.Refused(refusal.Kind);
        LogRejected(image.ImageId, reason);
        return rejected is null
            ? Report(await repository.FindAsync(image.ImageId, cancellationToken))
            : new ConfirmOutcome.Rejected(rejected, reason);
    }

    private async Task ForgetAttemptAsync(string imageId, bool decodeCounted)
    {
        try
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (decodeCounted) await repository.ForgetDecodeAttemptAsync(imageId, budget.Token);
            await repository.ReleaseLeaseAsync(imageId, budget.Token);
        }
        catch (Exception exception)
        {
            // The lease then expires on its own, and the attempt stays counted.
            LogReleaseFailed(imageId, exception);
        }
    }

    /// <summary>
    /// The record left pending while this run published it: deleted or settled by another request. Deleted means the
    /// delete may have run before the copy, so the objects published here are removed again.
    /// </summary>
    private async Task<ConfirmOutcome> ReportAfterLostRaceAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        var current = await repository.FindAsync(image.ImageId, cancellationToken);
        // Gone or rejected: what this run counted is taken back (a delete that marked it deleting releases it itself).
        if (current is null or { Status: ImageStatus.Rejected }) await usage.RefundAsync(image, cancellationToken);
        if (current is null or { Status: ImageStatus.Deleting })
        {
            await objects.RemoveAllOfAsync(image, _settings, cancellationToken);
            return new ConfirmOutcome.Gone();
        }
        return Report(current);
    }

    private async Task<bool> RemoveAbandonedAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        if (!await repository.RemovePendingAsync(image.ImageId, cancellationToken)) return false;
        await objects.RemoveAllOfAsync(image, _settings with { ThumbnailSizes = [] }, cancellationToken);
        LogAbandoned(image.ImageId);
        return true;
    }

    /// <summary>What a record that no run here will change says.</summary>
    private static ConfirmOutcome Report(ImageRecord? image) => image?.Status switch
    {
        ImageStatus.Available => new ConfirmOutcome.Available(image),
        ImageStatus.Rejected => new ConfirmOutcome.Rejected(image, image.RejectionReason ?? "The upload was rejected."),
        ImageStatus.Pending => new ConfirmOutcome.NotUploaded(image),
        _ => new ConfirmOutcome.Gone(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload of image {ImageId} rejected: {Reason}")]
    private partial void LogRejected(string imageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decoding upload of image {ImageId} (attempt {Attempt})")]
    private partial void LogDecoding(string imageId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Abandoned upload of image {ImageId} removed")]
    private partial void LogAbandoned(string imageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: waiting for {Count} confirmations in progress")]
    private partial void LogDraining(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the confirmation lease of image {ImageId}")]
    private partial void LogReleaseFailed(string imageId, Exception exception);
}
