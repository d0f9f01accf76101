using System.ComponentModel;
using CloudImageService.Images;

namespace CloudImageService.Http.Contracts;

/// <summary>What a user stores and may store.</summary>
public sealed record UsageResponse(
    string UserId,
    [property: Description("Bytes stored: verified originals and their thumbnails, the trash included.")] long BytesUsed,
    [property: Description("Images stored, the trash included.")] long ImagesUsed,
    [property: Description("The byte quota; null: unlimited.")] long? BytesLimit,
    [property: Description("The image quota; null: unlimited.")] long? ImagesLimit,
    [property: Description("Bytes of images in the trash (part of bytes_used): emptying the trash frees them.")] long TrashedBytes,
    [property: Description("Images in the trash (part of images_used).")] long TrashedImages)
{
    public static UsageResponse From(UsageReport report) => new(
        report.UserId, report.Bytes, report.Images, report.LimitBytes, report.LimitImages, report.TrashedBytes, report.TrashedImages);
}
