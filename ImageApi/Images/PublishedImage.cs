namespace CloudImageService.Images;

/// <summary>What ingest verified and derived for a published image; <see cref="VariantBytes"/> is what its thumbnails weigh.</summary>
public sealed record PublishedImage(
    long SizeBytes, string? ETag, int Width, int Height, string Format, string Sha256, IReadOnlyList<int> ThumbnailSizes,
    string? Placeholder = null, string? VariantRecipe = null, CaptureMetadata? Capture = null, long VariantBytes = 0)
{
    /// <summary>What the image counts in its owner's usage: the original and its thumbnails.</summary>
    public long StoredBytes => SizeBytes + VariantBytes;
}
