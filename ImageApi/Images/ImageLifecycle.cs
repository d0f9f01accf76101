using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

public abstract record ConfirmOutcome
{
    public sealed record Available(ImageRecord Image) : ConfirmOutcome;
    public sealed record NotUploaded(ImageRecord Image) : ConfirmOutcome;
    public sealed record Rejected(ImageRecord Image, string Reason) : ConfirmOutcome;
    public sealed record Gone : ConfirmOutcome;
}

/// <summary>
/// Moves images through pending → available | rejected → (deleted). Every transition is a conditional write on the
/// current status, so concurrent requests and several API instances can race without corrupting a record: the loser
/// re-reads and reports the state the winner left.
/// </summary>
public sealed partial class ImageLifecycle(
    ImageRepository repository,
    ImageObjects objects,
    UploadVerifier verifier,
    IOptions<ImageOptions> options,
    TimeProvider clock,
    ILogger<ImageLifecycle> logger)
{
    public const int SweepBatchSize = 100;
    private readonly ImageOptions _options = options.Value;

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

        switch (await verifier.CheckAsync(image, cancellationToken))
        {
            case UploadCheck.Valid valid:
                var available = await repository.MarkAvailableAsync(image.ImageId, valid.SizeBytes, valid.ETag, cancellationToken);
                return available is null ? await ReportCurrentAsync(image.ImageId, cancellationToken) : new ConfirmOutcome.Available(available);

            case UploadCheck.Invalid invalid:
                // Object first: a crash after this leaves a pending record without bytes, which the sweeper removes.
                await objects.DeleteAsync(image.ObjectKey, cancellationToken);
                var rejected = await repository.MarkRejectedAsync(image.ImageId, invalid.Reason, Now + _options.RejectedRetention, cancellationToken);
                LogRejected(image.ImageId, invalid.Reason);
                return rejected is null ? await ReportCurrentAsync(image.ImageId, cancellationToken) : new ConfirmOutcome.Rejected(rejected, invalid.Reason);

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

        await objects.DeleteAsync(marked.ObjectKey, cancellationToken);
        return await repository.RemoveDeletingAsync(imageId, cancellationToken);
    }

    /// <summary>Settles pending uploads whose window closed; returns how many it looked at.</summary>
    public async Task<int> SweepAbandonedUploadsAsync(CancellationToken cancellationToken)
    {
        var abandoned = await repository.FindAbandonedUploadsAsync(Now - _options.UploadGracePeriod, SweepBatchSize, cancellationToken);
        foreach (var image in abandoned)
        {
            await SettleIfWindowClosedAsync(image, cancellationToken);
        }
        return abandoned.Count;
    }

    private async Task<bool> RemoveAbandonedAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        if (!await repository.RemovePendingAsync(image.ImageId, cancellationToken)) return false;
        await objects.DeleteAsync(image.ObjectKey, cancellationToken);
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
