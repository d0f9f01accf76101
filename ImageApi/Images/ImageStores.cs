namespace CloudImageService.Images;

/// <summary>What ingest verified and derived for a published image.</summary>
public sealed record PublishedImage(
    long SizeBytes, string? ETag, int Width, int Height, string Format, string Sha256, IReadOnlyList<int> ThumbnailSizes);

public abstract record PublishOutcome
{
    public sealed record NotUploaded : PublishOutcome;
    public sealed record Published(PublishedImage Image) : PublishOutcome;
    public sealed record Refused(string Reason) : PublishOutcome;
}

/// <summary>Called once the bytes are about to be decoded (after the cheap checks), so a crash there can be counted.</summary>
public delegate Task BeforeDecode(CancellationToken cancellationToken);

/// <summary>The records' state transitions confirmation needs; each is a conditional write on the current status.</summary>
public interface IImageStore
{
    Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>The record, leased until <paramref name="until"/>; null when it is not pending or another lease holds it.</summary>
    Task<ImageRecord?> TryLeaseAsync(string imageId, DateTime now, DateTime until, CancellationToken cancellationToken);

    Task ReleaseLeaseAsync(string imageId, CancellationToken cancellationToken);

    Task RecordDecodeAttemptAsync(string imageId, CancellationToken cancellationToken);

    Task ForgetDecodeAttemptAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>pending → available; null when no longer pending.</summary>
    Task<ImageRecord?> MarkAvailableAsync(string imageId, PublishedImage published, CancellationToken cancellationToken);

    /// <summary>pending → rejected, purged at <paramref name="purgeAt"/>; null when no longer pending.</summary>
    Task<ImageRecord?> MarkRejectedAsync(string imageId, string reason, DateTime purgeAt, CancellationToken cancellationToken);

    /// <summary>Removes a pending record; false when it changed state meanwhile.</summary>
    Task<bool> RemovePendingAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>Pending records of one shard whose upload window closed before <paramref name="closedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<ImageRecord>> FindAbandonedUploadsAsync(string shard, DateTime closedBefore, int limit, CancellationToken cancellationToken);
}

/// <summary>Removing an image's objects: deleting an absent one succeeds, so this is safe to repeat.</summary>
public interface IObjectStore
{
    Task DeleteAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken);

    /// <summary>Keys under <paramref name="prefix"/> last written before <paramref name="cutoff"/>, at most one page.</summary>
    Task<IReadOnlyList<string>> FindOlderThanAsync(string prefix, DateTime cutoff, CancellationToken cancellationToken);
}

/// <summary>Turns a staged upload into published bytes and thumbnails, or says why not; it deletes nothing.</summary>
public interface IUploadPublisher
{
    Task<PublishOutcome> PublishAsync(ImageRecord record, BeforeDecode beforeDecode, CancellationToken cancellationToken);
}
