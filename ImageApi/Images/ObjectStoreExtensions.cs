namespace CloudImageService.Images;

public static class ObjectStoreExtensions
{
    /// <summary>Deletes every object the image may have and drops its unfinished multipart upload, if any.</summary>
    public static async Task RemoveAllOfAsync(
        this IObjectStore objects, ImageRecord image, IngestFacts settings, CancellationToken cancellationToken)
    {
        if (image is { MultipartUploadId: { } uploadId, StagingKey: { } staging })
        {
            await objects.AbortMultipartUploadAsync(staging, uploadId, cancellationToken);
        }
        await objects.DeleteAllAsync(image.AllObjectKeys(settings.ThumbnailSizes, settings.VariantRecipe), cancellationToken);
    }
}
