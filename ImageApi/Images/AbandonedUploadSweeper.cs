using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CloudImageService.Images;

/// <summary>
/// Every <see cref="ImageOptions.SweepInterval"/>, settles pending uploads whose window plus grace has closed, one
/// shard of the pending index after another, through the same confirmation a request uses (its lease keeps several
/// instances from settling one record twice, its attempt count keeps a poison pill from being decoded again and
/// again); and, where the bucket has no lifecycle rule (s3rver), removes staged objects older than
/// <see cref="IngestFacts.StagingRetention"/>. A record whose settling fails is counted, logged and left for a later
/// tick, at intervals that double up to <see cref="MaxBackoff"/>; the rest of its shard is swept meanwhile. Each tick
/// also purges trashed images past <see cref="ImageOptions.TrashRetention"/> through <see cref="ImageLifecycle"/>.
/// </summary>
public sealed partial class AbandonedUploadSweeper(
    UploadConfirmation confirmation,
    ImageLifecycle lifecycle,
    IImageStore store,
    IObjectStore objects,
    IStoreReadiness readiness,
    IOptions<ImageOptions> options,
    IOptions<IngestFacts> settings,
    IngestMetrics metrics,
    TimeProvider clock,
    ILogger<AbandonedUploadSweeper> logger) : BackgroundService
{
    public const int BatchSize = 100;

    /// <summary>The per-caller key of the sweeper's confirmations.</summary>
    public const string Caller = "sweeper";

    // A full batch means more may be waiting; a few batches per tick keep one tick bounded.
    private const int BatchesPerTick = 10;

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly ImageOptions _options = options.Value;
    private readonly Dictionary<string, (int Failures, DateTime RetryAt)> _failing = [];
    private readonly TimeSpan _stagingRetention = settings.Value.StagingRetention;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(_options.SweepInterval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One tick's work.</summary>
    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        ForgetStaleFailures();
        for (var batch = 0; batch < BatchesPerTick; batch++)
        {
            if (await SettleAbandonedAsync(cancellationToken) < BatchSize) break;
        }
        if (!objects.ExpiresStagedObjects) await ExpireStagedAsync(cancellationToken);
        await PurgeTrashAsync(cancellationToken);
    }

    /// <summary>Purges trashed images whose retention ran out, a few batches per tick; a failure is left for the next tick.</summary>
    private async Task PurgeTrashAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var batch = 0; batch < BatchesPerTick; batch++)
            {
                if (await lifecycle.PurgeDueAsync(BatchSize, cancellationToken) < BatchSize) break;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.SweepFailed();
            LogPurgeFailed(exception);
        }
    }

    /// <summary>Settles one batch per shard of pending uploads whose window closed; returns how many it found.</summary>
    private async Task<int> SettleAbandonedAsync(CancellationToken cancellationToken)
    {
        var found = 0;
        foreach (var shard in store.PendingShards.OrderBy(_ => Random.Shared.Next()))
        {
            IReadOnlyList<ImageRecord> abandoned;
            // An idle sweep every interval would bury users' requests in the trace view; settling is traced.
            using (SuppressInstrumentationScope.Begin())
            {
                abandoned = await store.FindAbandonedUploadsAsync(shard, Now - _options.UploadGracePeriod, BatchSize, cancellationToken);
            }
            found += abandoned.Count;
            foreach (var image in abandoned)
            {
                await SettleAsync(image, cancellationToken);
            }
        }
        return found;
    }

    private async Task SettleAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        var failing = _failing.GetValueOrDefault(image.ImageId);
        if (failing.RetryAt > Now) return;
        try
        {
            await confirmation.SettleIfWindowClosedAsync(image, Caller, cancellationToken);
            _failing.Remove(image.ImageId);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var failures = failing.Failures + 1;
            var retryAt = Now + Backoff(failures);
            _failing[image.ImageId] = (failures, retryAt);
            metrics.SweepFailed();
            LogSettleFailed(exception, image.ImageId, failures, retryAt);
        }
    }

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, _options.SweepInterval.Ticks * (1L << Math.Min(failures - 1, 20))));

    // Records settled or deleted elsewhere stop appearing: their entries go once their retry is long past.
    private void ForgetStaleFailures()
    {
        foreach (var (imageId, failing) in _failing.Where(entry => entry.Value.RetryAt < Now - MaxBackoff).ToList())
        {
            _failing.Remove(imageId);
        }
    }

    private async Task ExpireStagedAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> expired;
        using (SuppressInstrumentationScope.Begin())
        {
            expired = await objects.FindStagedOlderThanAsync(Now - _stagingRetention, cancellationToken);
        }
        await objects.DeleteAllAsync(expired, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling abandoned upload {ImageId} failed ({Failures} in a row); retrying after {RetryAt:O}")]
    private partial void LogSettleFailed(Exception exception, string imageId, int failures, DateTime retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging the trash failed; retrying at the next interval")]
    private partial void LogPurgeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping abandoned uploads failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
