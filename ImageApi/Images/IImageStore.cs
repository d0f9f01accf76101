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

    /// <summary>Any state → deleting (hidden but kept); null when absent or, with <paramref name="ownerId"/>, not that user's.</summary>
    Task<ImageRecord?> MarkDeletingAsync(string imageId, string? ownerId, CancellationToken cancellationToken);

    /// <summary>Removes a deleting record; false when another request removed it first.</summary>
    Task<bool> RemoveDeletingAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>Pending records of one shard whose upload window closed before <paramref name="closedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<ImageRecord>> FindAbandonedUploadsAsync(string shard, DateTime closedBefore, int limit, CancellationToken cancellationToken);
}
