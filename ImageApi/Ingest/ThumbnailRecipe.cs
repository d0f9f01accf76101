using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudImageService.Ingest;

/// <summary>
/// Names how thumbnails are made: format, quality, metadata, the libvips that encodes them, and a version of our own
/// steps. It is part of every thumbnail's key, so thumbnails never change under a key that browsers cache as immutable.
/// </summary>
public static class ThumbnailRecipe
{
    /// <summary>Bump when the steps change in a way the other parts do not show (e.g. a new resampling choice).</summary>
    private const int StepsVersion = 1;

    public static string Of(IngestOptions options)
    {
        var encoder = string.Join('.', NetVips.NetVips.Version(0), NetVips.NetVips.Version(1), NetVips.NetVips.Version(2));
        var description = string.Create(CultureInfo.InvariantCulture,
            $"webp|q{options.ThumbnailQuality}|keep-none|libvips-{encoder}|steps-{StepsVersion}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)))[..8];
    }
}
