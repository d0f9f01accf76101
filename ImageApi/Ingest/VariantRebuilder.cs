using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// Makes the thumbnails and placeholder of every available image whose recipe is not today's, from its original:
/// new keys first, then the record (only if it still names the old recipe), then the old keys go. Safe to stop and run
/// again. Run it as a command (<c>dotnet run --project ImageApi -- variants rebuild</c>), never at start-up.
/// </summary>
public sealed partial class VariantRebuilder(
    IImageCatalog catalog,
    IImageVariants variants,
    IImageBytes objects,
    IObjectStore store,
    ImageProcessor processor,
    ThumbnailWriter thumbnails,
    IOptions<IngestOptions> ingestOptions,
    IOptions<ImageOptions> imageOptions,
    TimeProvider clock,
    ILogger<VariantRebuilder> logger)
{
    private const int PageSize = 100;
    private string Recipe => thumbnails.Recipe;
    private readonly string _workDirectory = ingestOptions.Value.WorkDirectory ?? Path.GetTempPath();

    public sealed record Summary(int Examined, int Rebuilt, int Failed);

    public async Task<Summary> RebuildAsync(CancellationToken cancellationToken)
    {
        int examined = 0, rebuilt = 0, failed = 0;
        var everyone = new ImageListFilter(null, null, null, null);
        PageCursor? cursor = null;
        do
        {
            var page = await catalog.ListAsync(new ImageListRequest(everyone, PageSize, cursor, MaxStoragePages: 100), clock.GetUtcNow().UtcDateTime, cancellationToken);
            foreach (var image in page.Items.Where(image => image.Status == ImageStatus.Available))
            {
                examined++;
                if (image.VariantRecipe == Recipe && image.Placeholder is not null) continue;
                if (await RebuildAsync(image, cancellationToken)) rebuilt++;
                else failed++;
            }
            cursor = page.Next;
        }
        while (cursor is not null);
        LogDone(examined, rebuilt, failed, Recipe);
        return new Summary(examined, rebuilt, failed);
    }

    private async Task<bool> RebuildAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        ProcessedImage? processed = null;
        using (var read = await objects.OpenAsync(image.ObjectKey, eTag: null, cancellationToken))
        {
            await using var original = read is null ? null : await SpooledOriginal.CopyAsync(read.Body, _workDirectory, MaxBytes, cancellationToken);
            if (original is not null) processed = await processor.ProcessAsync(original.Path, image.ContentType, CancellationToken.None);
        }
        if (processed is not ProcessedImage.Valid valid)
        {
            LogFailed(image.ImageId, processed switch
            {
                ProcessedImage.Invalid invalid => invalid.Reason,
                ProcessedImage.Busy busy => busy.Reason,
                _ => "the original is missing or too large",
            });
            return false;
        }

        await thumbnails.PutAllAsync(image.ImageId, valid.Thumbnails, cancellationToken);
        var sizes = valid.Thumbnails.Select(thumbnail => thumbnail.Size).ToArray();
        var updated = await variants.ReplaceVariantsAsync(image.ImageId, image.VariantRecipe, sizes, Recipe, valid.Placeholder, cancellationToken);
        var obsolete = updated is null
            ? valid.Thumbnails.Select(thumbnail => thumbnails.KeyOf(image.ImageId, thumbnail.Size)) // changed meanwhile: ours go
            : image.ThumbnailSizes.Select(image.ThumbnailKey).Except(updated.ThumbnailSizes.Select(updated.ThumbnailKey));
        await store.DeleteAllAsync(obsolete, cancellationToken);
        return updated is not null;
    }

    private long MaxBytes => imageOptions.Value.LargestUploadBytes;

    [LoggerMessage(Level = LogLevel.Information, Message = "Variants: {Examined} available images examined, {Rebuilt} rebuilt with recipe {Recipe}, {Failed} failed")]
    private partial void LogDone(int examined, int rebuilt, int failed, string recipe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Variants of image {ImageId} not rebuilt: {Reason}")]
    private partial void LogFailed(string imageId, string reason);
}
