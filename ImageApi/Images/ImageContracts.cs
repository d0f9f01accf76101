using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CloudImageService.Images;

/// <summary>Asks for a presigned URL to upload one image.</summary>
public sealed record UploadRequest(
    [property: Description("Owner of the image.")] string? UserId,
    [property: Description("MIME type of the image, e.g. image/png. The upload must send exactly this Content-Type.")] string? ContentType,
    [property: Description("Free-form labels used to filter listings.")] List<string>? Tags,
    [property: Description("Optional human description.")] string? Description,
    [property: Description(
        "Exact size in bytes. When given it is signed into the upload URL, so S3 refuses any other length.")]
    long? SizeBytes = null,
    [property: Description(
        "Upload in parts (needs size_bytes; up to Images:MaxMultipartUploadBytes): the answer has part_size and part_count.")]
    bool? Multipart = null,
    [property: Description(
        "Lowercase hex SHA-256 of the bytes: signed into the upload URL (S3 refuses other bytes), checked again at "
        + "ingest, and answered with 409 and existing_image_id when you already have an image with these bytes.")]
    string? Sha256 = null,
    [property: Description("Upload a second copy of bytes you already have instead of getting 409.")] bool? AllowDuplicate = null);

/// <summary>Where and how to PUT the image bytes.</summary>
public sealed record UploadResponse(
    string ImageId,
    [property: Description("Presigned S3 URL: PUT the bytes here before expires_at, with upload_headers. Absent for a multipart upload.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    Uri? UploadUrl,
    [property: Description("Until when the bytes may be sent (for a multipart upload: every part).")] DateTime ExpiresAt,
    [property: Description("Headers the PUT must carry exactly, because they are part of the signature.")]
    IReadOnlyDictionary<string, string> UploadHeaders,
    string Status)
{
    [Description("Multipart only: the length of every part but the last, which holds the rest.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PartSize { get; init; }

    [Description("Multipart only: how many parts to send (POST /images/{image_id}/parts signs their URLs).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PartCount { get; init; }
}

/// <summary>Which parts of a multipart upload to sign URLs for.</summary>
public sealed record PartUrlsRequest([property: Description("At most 100 parts per call.")] List<PartToSign>? Parts);

public sealed record PartToSign(
    [property: Description("1 to part_count.")] int PartNumber,
    [property: Description(
        "Base64 SHA-256 of this part's bytes: signed into its URL as x-amz-checksum-sha256. Required when the upload "
        + "declared sha256.")]
    string? Sha256 = null);

/// <summary>Presigned URLs for some parts of a multipart upload.</summary>
public sealed record PartUrlsResponse(string ImageId, DateTime ExpiresAt, IReadOnlyList<PartUrl> Parts);

public sealed record PartUrl(
    int PartNumber,
    [property: Description("PUT exactly this part's bytes here, with upload_headers.")] Uri UploadUrl,
    IReadOnlyDictionary<string, string> UploadHeaders);

/// <summary>What storage holds of a multipart upload: resume by sending only the missing parts.</summary>
public sealed record UploadedPartsResponse(string ImageId, long PartSize, int PartCount, IReadOnlyList<UploadedPartResponse> Parts);

public sealed record UploadedPartResponse(int PartNumber, long SizeBytes, string ETag);

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
    [Description(
        "A ThumbHash (base64, about 25 bytes) of the image, once available: decode it to paint a blurred preview in a box "
        + "of width × height before the thumbnail arrives. Absent for images made before placeholders existed.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Placeholder { get; init; }

    [Description("Presigned URL of the thumbnail asked for with thumbnail_size; absent otherwise.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? ThumbnailUrl { get; init; }

    public static ImageResponse From(ImageRecord record) => new(
        record.ImageId, record.UserId, record.ContentType, record.Tags, record.Description, record.UploadTime,
        record.Status, record.SizeBytes, record.Width, record.Height, record.Format, record.Sha256)
    {
        Placeholder = record.Placeholder,
    };
}

/// <summary>A presigned URL to GET the image bytes.</summary>
public sealed record DownloadResponse(string ImageId, Uri DownloadUrl, DateTime ExpiresAt, string ContentType);

public sealed record MessageResponse(string Message);
