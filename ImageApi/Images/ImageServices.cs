using CloudImageService.Ingest;
using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>What the /images handlers use, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record ImageServices(
    ImageRepository Repository,
    UploadConfirmation Confirmation,
    ObjectUrlSigner Signer,
    IOptions<ImageOptions> ImageOptions,
    IOptions<IngestOptions> IngestOptions,
    TimeProvider Clock,
    HttpContext Context)
{
    public ImageOptions Limits => ImageOptions.Value;

    public IngestOptions Ingest => IngestOptions.Value;

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public DateTime DownloadExpiry => Now + Limits.DownloadUrlExpiry;
}
