using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CloudImageService.Images;

/// <summary>Asks for a presigned URL to upload one image.</summary>
public sealed record UploadRequest(
    [property: Description("Owner of the image.")] string? UserId,
    [property: Description("MIME type of the image, e.g. image/png. The upload must send exactly this Content-Type.")] string? ContentType,
    [property: Description("Free-form labels used to filter listings.")] List<string>? Tags,
    [property: Description("Optional human description.")] string? Description,
    [property: Description("Exact size in bytes. When given it is signed into the upload URL, so S3 refuses any other length.")] long? SizeBytes = null);

/// <summary>Where and how to PUT the image bytes.</summary>
public sealed record UploadResponse(
    string ImageId,
    [property: Description("Presigned S3 URL: PUT the bytes here before expires_at, with upload_headers.")] Uri UploadUrl,
    DateTime ExpiresAt,
    [property: Description("Headers the PUT must carry exactly, because they are part of the signature.")] IReadOnlyDictionary<string, string> UploadHeaders,
    string Status);

/// <summary>An image's metadata.</summary>
public sealed record ImageResponse(
    string ImageId,
    string UserId,
    string ContentType,
    IReadOnlyList<string> Tags,
    string? Description,
    DateTime UploadTime,
    [property: Description("pending (waiting for the bytes), available, or rejected.")] string Status,
    [property: Description("Verified size once available; the declared size while pending.")] long? SizeBytes,
    [property: Description("Width in pixels, once available.")] int? Width,
    [property: Description("Height in pixels, once available.")] int? Height,
    [property: Description("The decoded format (jpeg, png, gif, webp, tiff, avif), once available.")] string? Format,
    [property: Description("Lowercase hex SHA-256 of the stored bytes, once available.")] string? Sha256)
{
    [Description("Presigned URL of the thumbnail asked for with thumbnail_size; absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? ThumbnailUrl { get; init; }

    public static ImageResponse From(ImageRecord record) => new(
        record.ImageId, record.UserId, record.ContentType, record.Tags, record.Description, record.UploadTime,
        record.Status, record.SizeBytes, record.Width, record.Height, record.Format, record.Sha256);
}

/// <summary>A presigned URL to GET the image bytes.</summary>
public sealed record DownloadResponse(string ImageId, Uri DownloadUrl, DateTime ExpiresAt, string ContentType);

public sealed record MessageResponse(string Message);
