using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// Writes thumbnails under keys that name today's recipe (<see cref="ThumbnailRecipe"/>), so a changed recipe writes
/// new objects instead of changing bytes that browsers cache as immutable. Ingest and the variant rebuild share it.
/// </summary>
public sealed class ThumbnailWriter(IImageBytes objects, IOptions<IngestFacts> settings)
{
    private const string ContentType = "image/webp";

    public string Recipe { get; } = settings.Value.VariantRecipe
                                    ?? throw new InvalidOperationException("AddImageIngest sets the variant recipe.");

    public string KeyOf(string imageId, int size) => ObjectKeys.Thumbnail(imageId, size, Recipe);

    public Task PutAllAsync(string imageId, IEnumerable<Thumbnail> thumbnails, CancellationToken cancellationToken) =>
        Task.WhenAll(thumbnails.Select(thumbnail => objects.PutAsync(KeyOf(imageId, thumbnail.Size), thumbnail.Bytes, ContentType, cancellationToken)));
}
