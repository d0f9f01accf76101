using CloudImageService.Images;
using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>What ingest verified and derived for a published image.</summary>
public sealed record PublishedImage(
    long SizeBytes, string? ETag, int Width, int Height, string Format, string Sha256, IReadOnlyList<int> ThumbnailSizes);

public abstract record PublishOutcome
{
    public sealed record NotUploaded : PublishOutcome;
    public sealed record Published(PublishedImage Image) : PublishOutcome;
    public sealed record Refused(string Reason) : PublishOutcome;
}

/// <summary>
/// Turns a staged upload into a published image. The staged object is first copied server-side to the final key,
/// which no client URL can write; then the final object itself is read, decoded, hashed and thumbnailed. So what was
/// checked is exactly what downloads serve, and a later PUT to the old upload URL only touches the staging key.
/// A refused upload leaves nothing behind.
/// </summary>
public sealed class UploadPublisher(ImageObjects objects, ImageProcessor processor, IOptions<ImageOptions> options)
{
    private const string ThumbnailContentType = "image/webp";
    private readonly ImageOptions _limits = options.Value;

    public async Task<PublishOutcome> PublishAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        // Records of the original service have no staging key: their bytes went straight to the final key.
        var source = record.StagingKey ?? record.ObjectKey;
        var staged = await objects.DescribeAsync(source, cancellationToken);
        if (staged is null) return new PublishOutcome.NotUploaded();

        if (CheckDeclaration(record, staged) is { } reason)
        {
            await objects.DeleteAsync(source, cancellationToken);
            return new PublishOutcome.Refused(reason);
        }

        if (source != record.ObjectKey && !await objects.CopyAsync(source, record.ObjectKey, cancellationToken))
        {
            return new PublishOutcome.NotUploaded();
        }

        var outcome = await VerifyPublishedAsync(record, cancellationToken);
        if (outcome is PublishOutcome.Refused)
        {
            await objects.DeleteAllAsync([record.ObjectKey, source], cancellationToken);
        }
        return outcome;
    }

    /// <summary>Removes the staged upload once the record says available; a crash before this leaves it to expire.</summary>
    public Task RemoveStagedAsync(ImageRecord record, CancellationToken cancellationToken) =>
        record.StagingKey is { } staging ? objects.DeleteAsync(staging, cancellationToken) : Task.CompletedTask;

    private async Task<PublishOutcome> VerifyPublishedAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        if (await objects.ReadAllAsync(record.ObjectKey, _limits.MaxUploadBytes, cancellationToken) is not { } read)
        {
            return new PublishOutcome.NotUploaded();
        }
        // The staged object may have been replaced between the check above and the copy: check the copy again.
        var (published, bytes) = read;
        if (CheckDeclaration(record, published) is { } reason) return new PublishOutcome.Refused(reason);

        // Within the size limit, so ReadAllAsync read it whole.
        switch (await processor.ProcessAsync(bytes!, record.ContentType, cancellationToken))
        {
            case ProcessedImage.Invalid invalid:
                return new PublishOutcome.Refused(invalid.Reason);
            case ProcessedImage.Valid valid:
                await Task.WhenAll(valid.Thumbnails.Select(thumbnail => objects.PutAsync(
                    ImageStoreSchema.ThumbnailKeyFor(record.ImageId, thumbnail.Size), thumbnail.Bytes, ThumbnailContentType, cancellationToken)));
                return new PublishOutcome.Published(new PublishedImage(
                    published.Length, published.ETag, valid.Width, valid.Height, valid.Format, valid.Sha256,
                    [.. valid.Thumbnails.Select(thumbnail => thumbnail.Size)]));
            default:
                throw new InvalidOperationException("Unknown processing outcome.");
        }
    }

    private string? CheckDeclaration(ImageRecord record, StoredObject stored)
    {
        if (stored.Length < 1)
            return "The uploaded file is empty.";
        if (stored.Length > _limits.MaxUploadBytes)
            return $"The uploaded file has {stored.Length} bytes; at most {_limits.MaxUploadBytes} are accepted.";
        if (record.SizeBytes is { } declared && declared != stored.Length)
            return $"The uploaded file has {stored.Length} bytes but {declared} were declared.";
        if (!string.Equals(stored.ContentType, record.ContentType, StringComparison.OrdinalIgnoreCase))
            return $"The upload was stored as '{stored.ContentType}' but '{record.ContentType}' was declared.";
        return null;
    }
}
