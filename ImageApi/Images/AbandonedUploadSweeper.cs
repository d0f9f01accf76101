using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CloudImageService.Images;

/// <summary>
/// Every <see cref="ImageOptions.SweepInterval"/>, settles pending uploads whose window plus grace has closed, one
/// shard of the pending index after another, through the same confirmation a request uses (its lease keeps several
/// instances from settling one record twice, its attempt count keeps a poison pill from being decoded again and
/// again); and, where the bucket has no lifecycle rule (s3rver), removes staged objects older than
/// <see cref="IngestFacts.StagingRetention"/>.
/// </summary>
public sealed partial class AbandonedUploadSweeper(
    UploadConfirmation confirmation,
    IImageStore store,
    IObjectStore objects,
    IStoreReadiness readiness,
    IOptions<ImageOptions> options,
    IOptions<IngestFacts> settings,
    TimeProvider clock,
    ILogger<AbandonedUploadSweeper> logger) : BackgroundService
{
    public const int BatchSize = 100;

    /// <summary>The per-caller key of the sweeper's confirmations.</summary>
    public const string Caller = "sweeper";

    // A full batch means more may be waiting; a few batches per tick keep one tick bounded.
    private const int BatchesPerTick = 10;

    private readonly ImageOptions _options = options.Value;
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
        for (var batch = 0; batch < BatchesPerTick; batch++)
        {
            if (await SettleAbandonedAsync(cancellationToken) < BatchSize) break;
        }
        if (!objects.ExpiresStagedObjects) await ExpireStagedAsync(cancellationToken);
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
                await confirmation.SettleIfWindowClosedAsync(image, Caller, cancellationToken);
            }
        }
        return found;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping abandoned uploads failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
