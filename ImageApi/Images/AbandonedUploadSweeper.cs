using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>
/// Periodically settles pending uploads whose window has closed. Safe with several API instances: each settlement
/// is a conditional write, so when two instances pick the same record one wins and the other does nothing.
/// </summary>
public sealed partial class AbandonedUploadSweeper(
    ImageLifecycle lifecycle,
    CloudImageService.Storage.StorageReadiness readiness,
    IOptions<ImageOptions> options,
    IOptions<CloudImageService.Storage.StorageOptions> storage,
    TimeProvider clock,
    ILogger<AbandonedUploadSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                // A full batch means more may be waiting; a few batches per tick keep one tick bounded.
                for (var batch = 0; batch < 10; batch++)
                {
                    if (await lifecycle.SweepAbandonedUploadsAsync(stoppingToken) < ImageLifecycle.SweepBatchSize) break;
                }
                if (storage.Value is { CreateResources: true, EnableLifecycleRules: false })
                {
                    await lifecycle.ExpireStagedUploadsAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping abandoned uploads failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
