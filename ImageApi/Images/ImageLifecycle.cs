using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>
/// Deletes images: available | pending | rejected → deleting → (gone). Confirmation belongs to
/// <see cref="UploadConfirmation"/> and sweeping to <see cref="AbandonedUploadSweeper"/>.
/// </summary>
public sealed class ImageLifecycle(
    IImageStore repository,
    IObjectStore objects,
    IOptions<IngestFacts> settings)
{
    private readonly IngestFacts _settings = settings.Value;

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

        await objects.RemoveAllOfAsync(marked, _settings, cancellationToken);
        return await repository.RemoveDeletingAsync(imageId, cancellationToken);
    }
}
