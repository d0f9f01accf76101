using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CloudImageService.Http.Contracts;

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
