using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Http;

/// <summary>What the /images handlers use, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record ImageServices(
    IImageCatalog Catalog,
    UploadConfirmation Confirmation,
    UsageLedger Usage,
    IObjectUrlSigner Signer,
    IMultipartUploads Multipart,
    IOptions<ImageOptions> ImageOptions,
    IOptions<IngestFacts> IngestFacts,
    TimeProvider Clock,
    HttpContext Context)
{
    public ImageOptions Limits => ImageOptions.Value;

    public IngestFacts Settings => IngestFacts.Value;

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public DownloadUrlPolicy DownloadUrls => new(Limits.UrlSigningWindow, Limits.DownloadUrlExpiry);
}
