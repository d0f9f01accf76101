using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CloudImageService.Http.Contracts;

/// <summary>One image as a link's visitor sees it: no owner, tags, description or location.</summary>
public sealed record SharedImageResponse(
    string ImageId,
    int? Width,
    int? Height,
    [property: Description("ThumbHash of the image (base64): a blurred preview to paint before the thumbnail arrives.")]
    string? Placeholder,
    [property: Description("The smallest thumbnail (WebP), a signed URL stable within the signing window.")]
    Uri? ThumbnailUrl,
    [property: Description("The largest thumbnail (WebP), for the viewer.")]
    Uri? PreviewUrl)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TakenAt { get; init; }

    [Description("When and with what it was taken; never where.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaptureResponse? Capture { get; init; }

    [Description("The original as uploaded (with its own metadata), only when the link allows originals.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? OriginalUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentType { get; init; }
}
