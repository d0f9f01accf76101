namespace CloudImageService.Images;

/// <summary>
/// The first bytes ("magic numbers") each accepted image type must start with. A file that does not is not an image
/// of its declared type, whatever its name or Content-Type says.
/// </summary>
public static class ImageSignatures
{
    /// <summary>How many leading bytes <see cref="Matches"/> needs to decide.</summary>
    public const int HeadLength = 16;

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> TiffLittleEndian => [0x49, 0x49, 0x2A, 0x00];
    private static ReadOnlySpan<byte> TiffBigEndian => [0x4D, 0x4D, 0x00, 0x2A];

    private static readonly string[] AvifBrands = ["avif", "avis"];
    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

    public static bool Matches(string contentType, ReadOnlySpan<byte> head) => contentType.ToLowerInvariant() switch
    {
        "image/jpeg" or "image/jpg" => head.StartsWith(Jpeg),
        "image/png" => head.StartsWith(Png),
        "image/gif" => head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8),
        "image/webp" => head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8),
        "image/bmp" => head.StartsWith("BM"u8),
        "image/tiff" => head.StartsWith(TiffLittleEndian) || head.StartsWith(TiffBigEndian),
        "image/avif" => HasIsoMediaBrand(head, AvifBrands),
        "image/heic" or "image/heif" => HasIsoMediaBrand(head, HeifBrands),
        _ => false,
    };

    // ISO base media files (AVIF, HEIF) start with a box of type "ftyp" whose major brand names the format.
    private static bool HasIsoMediaBrand(ReadOnlySpan<byte> head, string[] brands)
    {
        if (head.Length < 12 || !head[4..8].SequenceEqual("ftyp"u8)) return false;
        var brand = System.Text.Encoding.ASCII.GetString(head[8..12]);
        return brands.Contains(brand);
    }
}
