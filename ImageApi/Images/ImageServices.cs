using System.Globalization;
using CloudImageService.Infrastructure;
using CloudImageService.Ingest;
using CloudImageService.Security;
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

    /// <summary>Reads an image the caller may see and confirms it if pending (as complete does).</summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string imageId, Caller caller, CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return new ConfirmOutcome.MalformedId();
        var record = await Repository.FindAsync(imageId, cancellationToken);
        if (record is null || !caller.MaySee(record.UserId)) return new ConfirmOutcome.Gone();
        if (!record.IsPending) return await Confirmation.ConfirmAsync(record, RateLimiting.CallerKey(Context), cancellationToken);

        // Storage answered: from here the wait is for reading and decoding, which has the longer budget.
        StorageDeadline.ExtendForConfirmation(Context);
        var outcome = await Confirmation.ConfirmAsync(record, RateLimiting.CallerKey(Context), cancellationToken);
        if (outcome is ConfirmOutcome.Busy busy)
        {
            Context.Response.Headers.RetryAfter = Math.Ceiling(busy.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        return outcome;
    }

    /// <summary>Settles a pending image whose window has closed (GET reads it as it then is); null when it is gone.</summary>
    public async Task<ImageRecord?> SettleIfWindowClosedAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        if (!record.UploadWindowClosed(Now, Limits.UploadGracePeriod)) return record;
        StorageDeadline.ExtendForConfirmation(Context);
        return await Confirmation.SettleIfWindowClosedAsync(record, RateLimiting.CallerKey(Context), cancellationToken);
    }

    /// <summary>The thumbnail size a query asks for: the smallest configured one when absent; null with an error otherwise.</summary>
    public int? ThumbnailSize(string? text, string name, Dictionary<string, string[]> errors)
    {
        var sizes = Ingest.ThumbnailSizes.Order().ToArray();
        if (text is null) return sizes[0];
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            && Ingest.IsThumbnailSize(size)) return size;
        errors[name] = [$"{name} must be one of {string.Join(", ", sizes)}."];
        return null;
    }
}
