namespace CloudImageService.Images;

/// <summary>The image types the service knows; ingest says which of them the loaded decoder reads.</summary>
public static class ImageContentTypes
{
    public static readonly IReadOnlyList<string> Known = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/avif"];
}
