using CloudImageService.Ingest;
using CloudImageService.Storage;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CloudImageService.Images;

public abstract record ConfirmOutcome
{
    public sealed record Available(ImageRecord Image) : ConfirmOutcome;
    public sealed record NotUploaded(ImageRecord Image) : ConfirmOutcome;
    public sealed record Rejected(ImageRecord Image, string Reason) : ConfirmOutcome;
    public sealed record Gone : ConfirmOutcome;
    public sealed record MalformedId : ConfirmOutcome;
}

/// <summary>
/// Moves images through pending → available | rejected → (deleted). Every transition is a conditional write on the
/// current status, so concurrent requests and several API instances can race without corrupting a record: the loser
/// re-reads and reports the state the winner left.
/// </summary>
public sealed partial class ImageLifecycle(
    ImageRepository repository,
    ImageObjects objects,
    UploadPublisher publisher,
    IOptions<ImageOptions> options,
    IOptions<IngestOptions> ingestOptions,
    TimeProvider clock,
    ILogger<ImageLifecycle> logger)
{
    public const int SweepBatchSize = 100;
    private static readonly TimeSpan SweepClaim = TimeSpan.FromMinutes(2);
    private readonly ImageOptions _options = options.Value;
    private readonly IngestOptions _ingest = ingestOptions.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Checks the upload of a pending image and records the verdict; a pending image whose window has closed with
    /// nothing uploaded is removed (Gone). Other states are reported as they are.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        switch (image.Status)
        {
            case ImageStatus.Available: return new ConfirmOutcome.Available(image);
            case ImageStatus.Rejected: return new ConfirmOutcome.Rejected(image, image.RejectionReason ?? "The upload was rejected.");
            case ImageStatus.Deleting: return new ConfirmOutcome.Gone();
        }

        switch (await publisher.PublishAsync(image, cancellationToken))
        {
            case PublishOutcome.Published published:
                var available = await repository.MarkAvailableAsync(image.ImageId, published.Image, cancellationToken);
                if (available is null) return await ReportAfterLostRaceAsync(image, cancellationToken);
                await publisher.RemoveStagedAsync(available, cancellationToken);
                return new ConfirmOutcome.Available(available);

            case PublishOutcome.Refused refused:
                // Objects first: a crash after this leaves a pending record without bytes, which the sweeper removes.
                var rejected = await repository.MarkRejectedAsync(image.ImageId, refused.Reason, Now + _options.RejectedRetention, cancellationToken);
                LogRejected(image.ImageId, refused.Reason);
                return rejected is null ? await ReportCurrentAsync(image.ImageId, cancellationToken) : new ConfirmOutcome.Rejected(rejected, refused.Reason);

            default:
                if (!image.UploadWindowClosed(Now, _options.UploadGracePeriod)) return new ConfirmOutcome.NotUploaded(image);
                return await RemoveAbandonedAsync(image, cancellationToken)
                    ? new ConfirmOutcome.Gone()
                    : await ReportCurrentAsync(image.ImageId, cancellationToken);
        }
    }

    /// <summary>
    /// Confirms an image whose upload window has closed, or removes it when nothing usable arrived. Images still in
    /// their window, or no longer pending, come back unchanged. Null: the image is gone.
    /// </summary>
    public async Task<ImageRecord?> SettleIfWindowClosedAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        if (!image.UploadWindowClosed(Now, _options.UploadGracePeriod)) return image;

        return await ConfirmAsync(image, cancellationToken) switch
        {
            ConfirmOutcome.Available available => available.Image,
            ConfirmOutcome.Rejected rejected => rejected.Image,
            _ => null,
        };
    }

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
    /// it found. Each record is claimed first, so instances sweeping at once do not settle the same record twice.
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
                if (await repository.TryClaimForSweepAsync(image.ImageId, Now, Now + SweepClaim, cancellationToken))
                {
                    await SettleIfWindowClosedAsync(image, cancellationToken);
                }
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

    /// <summary>
    /// The record left pending while this request published it: deleted or settled by another request. Deleted
    /// means the delete may have run before the copy, so the objects published here are removed again.
    /// </summary>
    private async Task<ConfirmOutcome> ReportAfterLostRaceAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        var current = await repository.FindAsync(image.ImageId, cancellationToken);
        if (current is null or { Status: ImageStatus.Deleting })
        {
            await objects.DeleteAllAsync(image.AllObjectKeys(_ingest.ThumbnailSizes), cancellationToken);
            return new ConfirmOutcome.Gone();
        }
        return await ConfirmAsync(current, cancellationToken);
    }

    private async Task<bool> RemoveAbandonedAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        if (!await repository.RemovePendingAsync(image.ImageId, cancellationToken)) return false;
        await objects.DeleteAllAsync(image.AllObjectKeys([]), cancellationToken);
        LogAbandoned(image.ImageId);
        return true;
    }

    private async Task<ConfirmOutcome> ReportCurrentAsync(string imageId, CancellationToken cancellationToken) =>
        await repository.FindAsync(imageId, cancellationToken) is { IsPending: false } current
            ? await ConfirmAsync(current, cancellationToken)
            : new ConfirmOutcome.Gone();

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload of image {ImageId} rejected: {Reason}")]
    private partial void LogRejected(string imageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Abandoned upload of image {ImageId} removed")]
    private partial void LogAbandoned(string imageId);
}
