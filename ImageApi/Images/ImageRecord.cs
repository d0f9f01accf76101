namespace CloudImageService.Images;

/// <summary>One image's metadata as stored in the table.</summary>
public sealed record ImageRecord(
    string ImageId,
    string UserId,
    string ContentType,
    IReadOnlyList<string> Tags,
    string? Description,
    DateTime UploadTime,
    string Status,
    string ObjectKey)
{
    /// <summary>Size the client declared (signed into the upload URL), or the verified size once available.</summary>
    public long? SizeBytes { get; init; }

    /// <summary>Until when the upload URL works; only while pending.</summary>
    public DateTime? UploadExpiresAt { get; init; }

    public string? ETag { get; init; }

    public string? RejectionReason { get; init; }

    /// <summary>Where the upload URL writes; null for records of the original service, which wrote to the final key.</summary>
    public string? StagingKey { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>jpeg, png, gif, webp, tiff or avif: what the decoder found, once available.</summary>
    public string? Format { get; init; }

    /// <summary>Lowercase hex SHA-256 of the published bytes.</summary>
    public string? Sha256 { get; init; }

    /// <summary>A ThumbHash (base64) of the image: a blurred preview to paint before the thumbnail arrives.</summary>
    public string? Placeholder { get; init; }

    /// <summary>The recipe this image's thumbnails were made with (it is part of their keys); null before recipes.</summary>
    public string? VariantRecipe { get; init; }

    /// <summary>When, with what and (if kept) where the photo was taken, as its metadata says; null when it says nothing.</summary>
    public CaptureMetadata? Capture { get; init; }

    public string ThumbnailKey(int size) => ObjectKeys.Thumbnail(ImageId, size, VariantRecipe);

    /// <summary>Longest edges of the thumbnails published for this image.</summary>
    public IReadOnlyList<int> ThumbnailSizes { get; init; } = [];

    /// <summary>The S3 multipart upload the client sends its parts to; null for a single PUT.</summary>
    public string? MultipartUploadId { get; init; }

    /// <summary>Length of every part but the last, for a multipart upload.</summary>
    public long? PartSize { get; init; }

    /// <summary>Lowercase hex SHA-256 the client declared; ingest refuses bytes with another hash.</summary>
    public string? DeclaredSha256 { get; init; }

    public bool IsMultipart => MultipartUploadId is not null;

    /// <summary>How many parts a multipart upload has: its declared size in parts of <see cref="PartSize"/>.</summary>
    public int PartCount => IsMultipart && SizeBytes is { } size && PartSize is { } part ? (int)((size + part - 1) / part) : 0;

    /// <summary>The exact length of part <paramref name="partNumber"/> (1-based): the last one holds the rest.</summary>
    public long PartLength(int partNumber) => partNumber < PartCount ? PartSize!.Value : SizeBytes!.Value - ((PartCount - 1) * PartSize!.Value);

    /// <summary>Decodes started while pending: one that crashed the process or ran out of time counts too.</summary>
    public int DecodeAttempts { get; init; }

    public bool HasThumbnail(int size) => Status == ImageStatus.Available && ThumbnailSizes.Contains(size);

    /// <summary>
    /// Every object this image may have in the bucket: staged upload, original, its thumbnails, and those a run may
    /// have written at <paramref name="thumbnailSizes"/> with <paramref name="recipe"/> before recording them.
    /// </summary>
    public IEnumerable<string> AllObjectKeys(IEnumerable<int> thumbnailSizes, string? recipe = null) =>
        new[] { StagingKey, ObjectKey }.OfType<string>()
            .Concat(ThumbnailSizes.Select(ThumbnailKey))
            .Concat(thumbnailSizes.Select(size => ObjectKeys.Thumbnail(ImageId, size, recipe)))
            .Distinct();

    public bool IsPending => Status == ImageStatus.Pending;

    /// <summary>When the image was moved to the trash; only while trashed (and while a purge of it runs).</summary>
    public DateTime? TrashedAt { get; init; }

    /// <summary>From when the sweeper may purge the trashed image; a restore before then brings it back as it was.</summary>
    public DateTime? PurgeAfter { get; init; }

    public bool IsTrashed => Status == ImageStatus.Trashed;

    /// <summary>
    /// What the image counts in its owner's usage: the verified original plus its thumbnails, set when it turned
    /// available. Null before that, and for images verified before quotas (which are not counted).
    /// </summary>
    public long? StoredBytes { get; init; }

    /// <summary>Where the image sorts on its owner's timeline: when it was taken, or its upload when the file does not say.</summary>
    public DateTime TimelineTime => Capture?.TimelineTime ?? UploadTime;

    /// <summary>
    /// Whether the store has placed the record on the timeline; records written before the timeline existed have not
    /// (the timeline back-fill places them). New records always are.
    /// </summary>
    public bool OnTimeline { get; init; } = true;

    /// <summary>Pending, and the upload window plus a grace period for in-flight PUTs has passed.</summary>
    public bool UploadWindowClosed(DateTime now, TimeSpan grace) =>
        IsPending && UploadExpiresAt is { } expires && expires + grace < now;
}

/// <summary>pending → available | rejected; available ⇄ trashed; any → deleting → (gone).</summary>
public static class ImageStatus
{
    /// <summary>In the trash: hidden from every read but the trash listing, its bytes kept until purged or restored.</summary>
    public const string Trashed = "trashed";

    public const string Pending = "pending";
    public const string Available = "available";
    public const string Rejected = "rejected";
    public const string Deleting = "deleting";
}
