using CloudImageService.Ingest;
using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>What the /images handlers use, bound as one <c>[AsParameters]</c> argument.</summary>
public sealed record ImageServices(
    ImageRepository Repository,
    ImageLifecycle Lifecycle,
    ObjectUrlSigner Signer,
    IOptions<ImageOptions> ImageOptions,
    IOptions<IngestOptions> IngestOptions,
    TimeProvider Clock)
{
    public ImageOptions Limits => ImageOptions.Value;

    public IngestOptions Ingest => IngestOptions.Value;

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public DateTime DownloadExpiry => Now + Limits.DownloadUrlExpiry;

    /// <summary>Reads an image the caller may see and confirms it if pending (as complete does).</summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string imageId, Security.Caller caller, CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return new ConfirmOutcome.MalformedId();
        var record = await Repository.FindAsync(imageId, cancellationToken);
        return record is null || !caller.MaySee(record.UserId)
            ? new ConfirmOutcome.Gone()
            : await Lifecycle.ConfirmAsync(record, cancellationToken);
    }

    /// <summary>The thumbnail size a query asks for: the smallest configured one when absent; null with an error otherwise.</summary>
    public int? ThumbnailSize(string? text, string name, Dictionary<string, string[]> errors)
    {
        var sizes = Ingest.ThumbnailSizes.Order().ToArray();
        if (text is null) return sizes[0];
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            && Ingest.IsThumbnailSize(size)) return size;
        errors[name] = [$"{name} must be one of {string.Join(", ", sizes)}."];
        return null;
    }
}
