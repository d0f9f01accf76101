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
    string ObjectKey);

public static class ImageStatus
{
    public const string Pending = "pending";
}
