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

    public bool IsPending => Status == ImageStatus.Pending;

    /// <summary>Pending, and the upload window plus a grace period for in-flight PUTs has passed.</summary>
    public bool UploadWindowClosed(DateTime now, TimeSpan grace) =>
        IsPending && UploadExpiresAt is { } expires && expires + grace < now;
}

/// <summary>pending → available | rejected; any → deleting → (gone).</summary>
public static class ImageStatus
{
    public const string Pending = "pending";
    public const string Available = "available";
    public const string Rejected = "rejected";
    public const string Deleting = "deleting";
}
