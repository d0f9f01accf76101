using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

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
