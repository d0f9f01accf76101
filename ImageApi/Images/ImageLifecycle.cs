using CloudImageService.Ingest;
using CloudImageService.Storage;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CloudImageService.Images;

/// <summary>
/// Deletes images, and settles the uploads nobody confirmed: pending → available | rejected → (deleted). Confirmation
/// itself belongs to <see cref="UploadConfirmation"/>; every transition is a conditional write on the current status.
/// </summary>
public sealed class ImageLifecycle(
    ImageRepository repository,
    ImageObjects objects,
    UploadConfirmation confirmation,
    IOptions<ImageOptions> options,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider clock)
{
    public const int SweepBatchSize = 100;

    /// <summary>The per-caller key of the sweeper's confirmations.</summary>
    public const string SweeperCaller = "sweeper";

    private readonly ImageOptions _options = options.Value;
    private readonly IngestOptions _ingest = ingestOptions.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Deletes in an order that survives a crash or an outage at any step: mark the record deleting (hidden, but
    /// kept), delete the object, then remove the record. A failure leaves a record that the next DELETE finishes.
    /// False when there was no such image.
    /// </summary>
    /// <param name="imageId">The image.</param>
    /// <param name="ownerId">When set, only this user's image is deleted; another user's counts as absent.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<bool> DeleteAsync(string imageId, string? ownerId, CancellationToken cancellationToken)
    {
        var marked = await repository.MarkDeletingAsync(imageId, ownerId, cancellationToken);
        if (marked is null) return false;

        await objects.DeleteAllAsync(marked.AllObjectKeys(_ingest.ThumbnailSizes), cancellationToken);
        return await repository.RemoveDeletingAsync(imageId, cancellationToken);
    }

    /// <summary>
    /// Settles pending uploads whose window closed, one shard of the pending index after another; returns how many
    /// it found. Confirmation's lease keeps instances sweeping at once from settling the same record twice, and its
    /// attempt count keeps an image that took the process down from being decoded again and again.
    /// </summary>
    public async Task<int> SweepAbandonedUploadsAsync(CancellationToken cancellationToken)
    {
        var found = 0;
        foreach (var shard in ImageStoreSchema.PendingPartitionValues.OrderBy(_ => Random.Shared.Next()))
        {
            IReadOnlyList<ImageRecord> abandoned;
            // An idle sweep every interval would bury users' requests in the trace view; settling is traced.
            using (SuppressInstrumentationScope.Begin())
            {
                abandoned = await repository.FindAbandonedUploadsAsync(shard, Now - _options.UploadGracePeriod, SweepBatchSize, cancellationToken);
            }
            found += abandoned.Count;
            foreach (var image in abandoned)
            {
                await confirmation.SettleIfWindowClosedAsync(image, SweeperCaller, cancellationToken);
            }
        }
        return found;
    }

    /// <summary>Where the bucket has no lifecycle rule (s3rver), removes staged uploads older than the retention.</summary>
    public async Task<int> ExpireStagedUploadsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> expired;
        using (SuppressInstrumentationScope.Begin())
        {
            expired = await objects.FindOlderThanAsync(ImageStoreSchema.StagingKeyPrefix, Now - _ingest.StagingRetention, cancellationToken);
        }
        await objects.DeleteAllAsync(expired, cancellationToken);
        return expired.Count;
    }
}
