using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CloudImageService.Images;

/// <summary>
/// Deletes, trashes, restores and purges images: available → trashed → available (restore) or deleting (permanent
/// delete, purge); pending | rejected → deleting → (gone). Every transition is a conditional write on the record, so a
/// restore racing a purge ends in exactly one of the two. Confirmation belongs to <see cref="UploadConfirmation"/> and
/// sweeping to <see cref="AbandonedUploadSweeper"/>.
/// </summary>
public sealed class ImageLifecycle(
    IImageStore repository,
    IObjectStore objects,
    UsageLedger usage,
    IOptions<ImageOptions> options,
    IOptions<IngestFacts> settings,
    TimeProvider clock)
{
    private readonly IngestFacts _settings = settings.Value;
    private readonly TimeSpan _retention = options.Value.TrashRetention;

    /// <summary>Zero retention keeps the original service's delete: gone at once, bytes and all.</summary>
    public bool KeepsTrash => _retention > TimeSpan.Zero;

    /// <summary>
    /// What DELETE /images/{id} does: moves an available image to the trash (its bytes stay until it is purged), and
    /// deletes what has no verified bytes (pending, rejected) at once, as it does everything when
    /// <see cref="ImageOptions.TrashRetention"/> is zero. False when there was no such image (or it is in the trash).
    /// </summary>
    /// <param name="imageId">The image.</param>
    /// <param name="ownerId">When set, only this user's image; another user's counts as absent.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<bool> DeleteAsync(string imageId, string? ownerId, CancellationToken cancellationToken)
    {
        if (!KeepsTrash) return await DeleteNowAsync(imageId, ownerId, DeletionScope.AnyButTrashed, null, cancellationToken);

        // A pending upload may turn available between the two writes: then the next round trashes it.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (await repository.MarkTrashedAsync(imageId, ownerId, now, now + _retention, cancellationToken) is not null) return true;
            if (await DeleteNowAsync(imageId, ownerId, DeletionScope.Unverified, null, cancellationToken)) return true;
            if (await repository.FindAsync(imageId, cancellationToken) is not { Status: ImageStatus.Available }) return false;
        }
        return false;
    }

    /// <summary>
    /// Deletes at once, bytes and all, whatever the retention: a trashed image, or one not yet in the trash (skipping
    /// it). False when there was no such image.
    /// </summary>
    public async Task<bool> DeletePermanentlyAsync(string imageId, string? ownerId, CancellationToken cancellationToken) =>
        await DeleteNowAsync(imageId, ownerId, DeletionScope.Trashed, null, cancellationToken)
        || await DeleteNowAsync(imageId, ownerId, DeletionScope.AnyButTrashed, null, cancellationToken);

    /// <summary>Brings a trashed image back as it was; null when it is not in the trash (of that owner).</summary>
    public Task<ImageRecord?> RestoreAsync(string imageId, string? ownerId, CancellationToken cancellationToken) =>
        repository.RestoreAsync(imageId, ownerId, cancellationToken);

    /// <summary>Deletes one trashed image of <paramref name="ownerId"/> permanently; false when another request or the sweeper got there first.</summary>
    public Task<bool> DeleteFromTrashAsync(string imageId, string? ownerId, CancellationToken cancellationToken) =>
        DeleteNowAsync(imageId, ownerId, DeletionScope.Trashed, null, cancellationToken);

    /// <summary>
    /// Purges up to <paramref name="limit"/> images per shard whose retention has run out; returns how many it found.
    /// The purge claims each image with a conditional write (trashed and due → deleting), so a restore that wins
    /// keeps it, and instances that meet on one image only repeat idempotent deletes.
    /// </summary>
    public async Task<int> PurgeDueAsync(int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var found = 0;
        foreach (var shard in repository.TrashShards.OrderBy(_ => Random.Shared.Next()))
        {
            IReadOnlyList<ImageRecord> due;
            // An idle sweep every interval would bury users' requests in the trace view; purging is traced.
            using (SuppressInstrumentationScope.Begin())
            {
                due = await repository.FindPurgeDueAsync(shard, now, limit, cancellationToken);
            }
            found += due.Count;
            foreach (var image in due)
            {
                await DeleteNowAsync(image.ImageId, ownerId: null, DeletionScope.Trashed, now, cancellationToken);
            }
        }
        return found;
    }

    /// <summary>
    /// Deletes in an order that survives a crash or an outage at any step: mark the record deleting (hidden, but
    /// kept), release its usage (<see cref="UsageLedger.ReleaseAsync"/>, idempotent), delete the objects, then remove the record. A failure leaves a record that the next DELETE (or, for a
    /// trashed image, the sweeper) finishes. False when there was no such image or another request removed it first.
    /// </summary>
    private async Task<bool> DeleteNowAsync(
        string imageId, string? ownerId, DeletionScope scope, DateTime? purgeDueBy, CancellationToken cancellationToken)
    {
        var marked = await repository.MarkDeletingAsync(imageId, ownerId, scope, purgeDueBy, cancellationToken);
        if (marked is null) return false;

        // Released once hidden, before anything is removed: a failure from here leaves a record the retry finishes.
        await usage.ReleaseAsync(marked, cancellationToken);
        await objects.RemoveAllOfAsync(marked, _settings, cancellationToken);
        return await repository.RemoveDeletingAsync(imageId, cancellationToken);
    }
}
