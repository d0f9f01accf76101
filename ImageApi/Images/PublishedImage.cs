namespace CloudImageService.Images;

/// <summary>What ingest verified and derived for a published image.</summary>
public sealed record PublishedImage(
    long SizeBytes, string? ETag, int Width, int Height, string Format, string Sha256, IReadOnlyList<int> ThumbnailSizes,
    string? Placeholder = null, string? VariantRecipe = null, CaptureMetadata? Capture = null);
