namespace CloudImageService.Images;

/// <summary>The records' state transitions confirmation, deletion and sweeping need; each is a conditional write on the current status.</summary>
public interface IImageStore
{
    /// <summary>The partitions of the pending index; the sweeper visits each.</summary>
    IReadOnlyList<string> PendingShards { get; }

    Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>The record, leased until <paramref name="until"/>; null when it is not pending or another lease holds it.</summary>
    Task<ImageRecord?> TryLeaseAsync(string imageId, DateTime now, DateTime until, CancellationToken cancellationToken);

    Task ReleaseLeaseAsync(string imageId, CancellationToken cancellationToken);

    Task RecordDecodeAttemptAsync(string imageId, CancellationToken cancellationToken);

    Task ForgetDecodeAttemptAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>pending → available, with no open multipart upload (its parts are assembled); null when no longer pending.</summary>
    Task<ImageRecord?> MarkAvailableAsync(string imageId, PublishedImage published, CancellationToken cancellationToken);

    /// <summary>pending → rejected, purged at <paramref name="purgeAt"/>, with no open multipart upload (refusals follow assembly); null when no longer pending.</summary>
    Task<ImageRecord?> MarkRejectedAsync(string imageId, string reason, DateTime purgeAt, CancellationToken cancellationToken);

    /// <summary>Removes a pending record; false when it changed state meanwhile.</summary>
    Task<bool> RemovePendingAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>The partitions of the trash index; the sweeper visits each for purges that are due.</summary>
    IReadOnlyList<string> TrashShards { get; }

    /// <summary>
    /// A state of <paramref name="scope"/> → deleting (hidden but kept); null when absent, in another state or, with
    /// <paramref name="ownerId"/>, not that user's. With <see cref="DeletionScope.Trashed"/> and
    /// <paramref name="purgeDueBy"/>, only a trashed image whose purge is due by then.
    /// </summary>
    Task<ImageRecord?> MarkDeletingAsync(
        string imageId, string? ownerId, DeletionScope scope, DateTime? purgeDueBy, CancellationToken cancellationToken);

    /// <summary>available → trashed at <paramref name="trashedAt"/>, purged after <paramref name="purgeAfter"/>; null when not an available image (of that owner).</summary>
    Task<ImageRecord?> MarkTrashedAsync(string imageId, string? ownerId, DateTime trashedAt, DateTime purgeAfter, CancellationToken cancellationToken);

    /// <summary>trashed → available, as it was before; null when not in the trash (restored, purged or being purged meanwhile).</summary>
    Task<ImageRecord?> RestoreAsync(string imageId, string? ownerId, CancellationToken cancellationToken);

    /// <summary>Records of one trash shard whose purge is due by <paramref name="dueBy"/> (trashed, or a purge left half done), soonest first.</summary>
    Task<IReadOnlyList<ImageRecord>> FindPurgeDueAsync(string shard, DateTime dueBy, int limit, CancellationToken cancellationToken);

    /// <summary>Removes a deleting record; false when another request removed it first.</summary>
    Task<bool> RemoveDeletingAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>Pending records of one shard whose upload window closed before <paramref name="closedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<ImageRecord>> FindAbandonedUploadsAsync(string shard, DateTime closedBefore, int limit, CancellationToken cancellationToken);
}
