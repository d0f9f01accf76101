namespace CloudImageService.Ingest;

/// <summary>A content type the service accepts, the format recorded for it, and the libvips loaders that may read it.</summary>
public sealed record ImageFormat(string ContentType, string Name, IReadOnlyList<string> Loaders, string? HeifCompression = null)
{
    /// <summary>The loader that must exist for the type to be accepted at all.</summary>
    public string Loader => Loaders[0];

    public bool IsReadBy(string loader) => Loaders.Any(known => loader.StartsWith(known, StringComparison.Ordinal));
}

/// <summary>
/// The image types this build of libvips decodes (checked at start-up): an upload may declare only these, because
/// every upload is verified by decoding it. No BMP loader ships with NetVips.Native, and its HEIF loader reads AVIF
/// (AV1) but not HEIC (HEVC), so those are refused at POST /images/upload rather than accepted and rejected later.
/// UltraHDR photos (a JPEG with a gain map, as Android 14+ cameras write them) are JPEGs that libvips opens with
/// <c>uhdrload</c>.
/// </summary>
public static class ImageFormats
{
    public static readonly IReadOnlyList<ImageFormat> Known =
    [
        new("image/jpeg", "jpeg", ["jpegload", "uhdrload"]),
        new("image/png", "png", ["pngload"]),
        new("image/gif", "gif", ["gifload"]),
        new("image/webp", "webp", ["webpload"]),
        new("image/tiff", "tiff", ["tiffload"]),
        new("image/avif", "avif", ["heifload"], HeifCompression: "av1"),
    ];

    private static readonly Lazy<IReadOnlyList<ImageFormat>> Decodable = new(() =>
        [.. Known.Where(format => NetVips.NetVips.TypeFind("VipsOperation", format.Loader + "_source") != IntPtr.Zero)]);

    /// <summary>The known types that the loaded libvips can decode.</summary>
    public static IReadOnlyList<ImageFormat> Supported => Decodable.Value;

    public static IReadOnlyList<string> SupportedContentTypes => [.. Supported.Select(format => format.ContentType)];

    public static ImageFormat? For(string contentType) =>
        Supported.FirstOrDefault(format => format.ContentType.Equals(contentType, StringComparison.OrdinalIgnoreCase));
}
