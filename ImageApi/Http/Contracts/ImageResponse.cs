using System.ComponentModel;
using System.Text.Json.Serialization;
using CloudImageService.Images;

namespace CloudImageService.Http.Contracts;

/// <summary>An image's metadata.</summary>
public sealed record ImageResponse(
    string ImageId,
    string UserId,
    string ContentType,
    IReadOnlyList<string> Tags,
    string? Description,
    DateTime UploadTime,
    [property: Description("pending (waiting for the bytes), available, rejected, or trashed (only in the trash listing).")] string Status,
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

    [Description(
        "When the photo was taken, as its metadata says (capture.taken_at): ISO 8601 with the offset when the file records "
        + "one, the camera's local time alone otherwise. Absent when the file does not say; never the upload time.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TakenAt { get; init; }

    [Description("What the file's metadata says about its capture, once available; absent when it says nothing.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaptureResponse? Capture { get; init; }

    [Description("When the image was moved to the trash; only on trashed images.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? TrashedAt { get; init; }

    [Description("From when the image may be purged for good (bytes and all) unless restored; only on trashed images.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? PurgeAt { get; init; }

    /// <summary>The record as JSON; the place a photo was taken only with <paramref name="showLocation"/> (its owner asks).</summary>
    public static ImageResponse From(ImageRecord record, bool showLocation = false) => new(
        record.ImageId, record.UserId, record.ContentType, record.Tags, record.Description, record.UploadTime,
        record.Status, record.SizeBytes, record.Width, record.Height, record.Format, record.Sha256)
    {
        Placeholder = record.Placeholder,
        TakenAt = record.Capture?.TakenAtText,
        Capture = record.Capture is { } capture ? CaptureResponse.From(capture, showLocation) : null,
        TrashedAt = record.IsTrashed ? record.TrashedAt : null,
        PurgeAt = record.IsTrashed ? record.PurgeAfter : null,
    };
}
