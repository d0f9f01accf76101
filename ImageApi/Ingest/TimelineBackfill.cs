using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// Places every record written before the timeline existed on it: a record that already has capture metadata by its
/// capture time; an available or trashed image without any by what its original's header says (metadata only, no
/// pixel decoded), or by its upload time when the file says nothing; a pending upload by its upload time (its
/// confirmation reads the file). Each record is written once, only if still unplaced, so it is safe to stop and run
/// again, on any number of instances. Run it as a command (<c>dotnet run --project ImageApi -- timeline backfill</c>).
/// </summary>
public sealed partial class TimelineBackfill(
    IImageCatalog catalog,
    ITimeline timeline,
    IImageBytes objects,
    ImageProcessor processor,
    IOptions<IngestOptions> ingestOptions,
    IOptions<ImageOptions> imageOptions,
    TimeProvider clock,
    ILogger<TimelineBackfill> logger)
{
    private const int PageSize = 100;
    private readonly string _workDirectory = ingestOptions.Value.WorkDirectory ?? Path.GetTempPath();

    public sealed record Summary(int Examined, int Placed, int MetadataRead);

    public async Task<Summary> RunAsync(CancellationToken cancellationToken)
    {
        int examined = 0, placed = 0, read = 0;
        // The visible images (available and pending), then the trash: a restored image keeps its place.
        foreach (var trashed in new[] { false, true })
        {
            var everyone = new ImageListFilter(null, null, null, null, trashed);
            PageCursor? cursor = null;
            do
            {
                var page = await catalog.ListAsync(new ImageListRequest(everyone, PageSize, cursor, MaxStoragePages: 100), clock.GetUtcNow().UtcDateTime, cancellationToken);
                foreach (var image in page.Items.Where(image => !image.OnTimeline))
                {
                    examined++;
                    var capture = image.Capture;
                    if (capture is null && !image.IsPending)
                    {
                        capture = await ReadCaptureAsync(image, cancellationToken);
                        read++;
                    }
                    var placedImage = image with { Capture = capture };
                    if (await timeline.PlaceAsync(image.ImageId, capture, placedImage.TimelineTime, cancellationToken)) placed++;
                }
                cursor = page.Next;
            }
            while (cursor is not null);
        }
        LogDone(examined, placed, read);
        return new Summary(examined, placed, read);
    }

    private async Task<CaptureMetadata?> ReadCaptureAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        using var opened = await objects.OpenAsync(image.ObjectKey, eTag: null, cancellationToken);
        if (opened is null)
        {
            LogOriginalMissing(image.ImageId);
            return null;
        }
        await using var original = await SpooledOriginal.CopyAsync(opened.Body, _workDirectory, imageOptions.Value.LargestUploadBytes, cancellationToken);
        var capture = original is null ? null : processor.ReadCaptureOnly(original.Path);
        return capture is { IsEmpty: false } ? capture : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timeline: {Examined} unplaced records examined, {Placed} placed, {Read} originals' metadata read")]
    private partial void LogDone(int examined, int placed, int read);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image {ImageId} placed on the timeline by its upload time: its original is missing")]
    private partial void LogOriginalMissing(string imageId);
}
