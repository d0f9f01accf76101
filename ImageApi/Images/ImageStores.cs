namespace CloudImageService.Images;

/// <summary>What ingest verified and derived for a published image.</summary>
public sealed record PublishedImage(
    long SizeBytes, string? ETag, int Width, int Height, string Format, string Sha256, IReadOnlyList<int> ThumbnailSizes,
    string? Placeholder = null, string? VariantRecipe = null);

public abstract record PublishOutcome
{
    public sealed record NotUploaded : PublishOutcome;
    public sealed record Published(PublishedImage Image) : PublishOutcome;
    /// <param name="Reason">For the caller, naming the limit.</param>
    /// <param name="Kind">One of <see cref="RefusalReasons"/>.</param>
    public sealed record Refused(string Reason, string Kind) : PublishOutcome;

    /// <summary>Not verified now (no decode thread was free in time): no verdict, and no decode was charged.</summary>
    public sealed record Busy(string Reason) : PublishOutcome;
}

/// <summary>Called on the decode thread once it starts this image's decode, so a crash there is charged to this image alone.</summary>
public delegate Task BeforeDecode(CancellationToken cancellationToken);

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

/// <summary>Removing an image's objects: deleting an absent one succeeds, so this is safe to repeat.</summary>
public interface IObjectStore
{
    /// <summary>False where the bucket has no lifecycle rule for staged uploads, so the sweeper expires them.</summary>
    bool ExpiresStagedObjects { get; }

    Task DeleteAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken);

    /// <summary>Drops the parts of a multipart upload; one already completed, aborted or expired is fine.</summary>
    Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Staged uploads last written before <paramref name="cutoff"/>, at most one page.</summary>
    Task<IReadOnlyList<string>> FindStagedOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken);
}

/// <summary>Completes once storage answered at start-up; background work waits for it instead of logging failures.</summary>
public interface IStoreReadiness
{
    Task WaitAsync(CancellationToken cancellationToken);
}

/// <summary>Bounds the confirmations an instance runs, and those of any one caller, before any byte is read.</summary>
public interface IConfirmationAdmission
{
    ConfirmationAdmission TryEnter(string caller);
}

public abstract record ConfirmationAdmission
{
    /// <summary>Dispose the slot when the confirmation ends.</summary>
    public sealed record Admitted(IDisposable Slot) : ConfirmationAdmission;

    /// <summary>The instance runs or queues as many as it may.</summary>
    public sealed record Full : ConfirmationAdmission;

    /// <summary>This caller has <paramref name="Limit"/> running already.</summary>
    public sealed record CallerBusy(int Limit) : ConfirmationAdmission;
}

/// <summary>Turns a staged upload into published bytes and thumbnails, or says why not; it deletes nothing.</summary>
public interface IUploadPublisher
{
    Task<PublishOutcome> PublishAsync(ImageRecord record, BeforeDecode beforeDecode, CancellationToken cancellationToken);
}

/// <summary>What the HTTP handlers read and create; confirmation and deletion go through <see cref="IImageStore"/>.</summary>
public interface IImageCatalog
{
    Task CreateAsync(ImageRecord record, CancellationToken cancellationToken);

    Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken);

    Task<ImagePage> ListAsync(ImageListRequest request, DateTime now, CancellationToken cancellationToken);

    /// <summary>An available image of this user with these bytes (lowercase hex SHA-256), or null.</summary>
    Task<ImageRecord?> FindAvailableByHashAsync(string userId, string sha256, CancellationToken cancellationToken);

    /// <summary>A position (last key) the store returns for this listing; other cursors are refused.</summary>
    bool IsListingPosition(ImageListFilter filter, IReadOnlyDictionary<string, string> lastKey);
}

/// <summary>Presigned URLs for moving one object's bytes; signing is local, with no call to storage.</summary>
public interface IObjectUrlSigner
{
    /// <summary>
    /// A PUT URL bound to the content type and, when given, the exact length and the SHA-256 of the bytes (base64, sent
    /// as the <c>x-amz-checksum-sha256</c> header): storage refuses anything else.
    /// </summary>
    Task<Uri> SignUploadAsync(string key, string contentType, long? contentLength, DateTime expiresAtUtc, string? sha256Base64 = null);

    /// <summary>
    /// A PUT URL for part <paramref name="partNumber"/> (1 to 10,000) of the multipart upload <paramref name="uploadId"/>,
    /// bound to the part's exact length and, when given, its SHA-256 (base64, sent as the <c>x-amz-checksum-sha256</c>
    /// header): storage refuses anything else. Parts carry a checksum only when the upload was created for SHA-256
    /// checksums (S3's rule).
    /// </summary>
    Task<Uri> SignUploadPartAsync(string key, string uploadId, int partNumber, long contentLength, DateTime expiresAtUtc,
        string? sha256Base64 = null);

    /// <summary>
    /// A GET URL timed by <paramref name="policy"/> against storage's clock: the same key within one window gives the same
    /// URL, on any instance that signs with the same credentials.
    /// </summary>
    Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy);

    /// <summary>As the other overload, with a response that carries <paramref name="contentType"/> and an inline disposition naming <paramref name="fileName"/>.</summary>
    Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy, string contentType, string fileName);
}

/// <summary>The S3 multipart upload a large image's parts go to: started, listed, and signed part by part.</summary>
public interface IMultipartUploads
{
    /// <summary>Starts one at <paramref name="key"/>; with <paramref name="checksummedParts"/>, every part must carry its SHA-256.</summary>
    Task<string> StartAsync(string key, string contentType, bool checksummedParts, CancellationToken cancellationToken);

    /// <summary>The parts stored so far, by number; null when the upload no longer exists (completed, aborted or expired).</summary>
    Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken);
}

/// <summary>One part storage holds: its number, length, ETag and (when the upload checks them) SHA-256 in base64.</summary>
public sealed record UploadedPart(int PartNumber, long SizeBytes, string ETag, string? Sha256Base64 = null);
