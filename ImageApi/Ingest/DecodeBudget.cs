using Microsoft.Extensions.Options;
using NetVips;
using Image = NetVips.Image;

namespace CloudImageService.Ingest;

/// <summary>What decoding one image will hold in memory, estimated from its header alone.</summary>
/// <param name="Bytes">Estimated peak bytes of the decode.</param>
/// <param name="WholeFrame">Whether the loader holds the whole frame (or more) rather than streaming lines.</param>
public sealed record DecodeCost(long Bytes, bool WholeFrame);

/// <summary>
/// Admits a decode only when its estimated memory fits the share of the process's memory limit that one decode may
/// use. The limit is what the runtime sees (a container's cgroup limit included), so a budget that fits a developer
/// machine shrinks to fit the deployed task. libvips' native memory counts against the same limit.
/// </summary>
public sealed class DecodeBudget
{
    // Streaming loaders keep a few strips of full-width lines per pipeline stage.
    private const int StreamedLines = 128;

    public DecodeBudget(IOptions<IngestOptions> options)
    {
        var ingest = options.Value;
        MemoryLimitBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        BytesPerDecode = ingest.DecodeMemoryBytes > 0
            ? ingest.DecodeMemoryBytes
            : Math.Max(16L * 1024 * 1024, (MemoryLimitBytes - ingest.ReservedMemoryBytes) / 2 / ingest.DecodeThreads);
    }

    /// <summary>The memory the process may use, as the runtime reports it (container limit, else physical memory).</summary>
    public long MemoryLimitBytes { get; }

    /// <summary>What one decode may hold: half of what the API does not reserve, shared by the decode threads.</summary>
    public long BytesPerDecode { get; }

    public bool Admits(DecodeCost cost) => cost.Bytes <= BytesPerDecode;

    /// <summary>
    /// Width × height × bands × bytes per sample of the first page, times what the loader holds: interlaced PNG,
    /// progressive JPEG (its coefficients), GIF and WebP (canvas, and the previous frame when animated), HEIF/AVIF
    /// (the decoded grid and its YUV planes), UltraHDR and TIFF (planar or tiled files need the whole image; which one
    /// a TIFF is, libvips does not say) hold the whole frame; baseline JPEG and non-interlaced PNG stream.
    /// </summary>
    public static DecodeCost Estimate(Image header, string loader)
    {
        long pixels = (long)header.Width * header.Height;
        var frame = pixels * header.Bands * BytesPerSample(header.Format);
        var lines = (long)header.Width * header.Bands * BytesPerSample(header.Format) * StreamedLines;
        var animated = Pages(header) > 1;

        var wholeFrame = loader switch
        {
            _ when loader.StartsWith("pngload", StringComparison.Ordinal) => Interlaced(header) ? frame : 0,
            _ when loader.StartsWith("jpegload", StringComparison.Ordinal) => MultiScan(header) ? pixels * header.Bands * 2 : 0,
            _ when loader.StartsWith("gifload", StringComparison.Ordinal) => pixels * 4 * (animated ? 2 : 1),
            _ when loader.StartsWith("webpload", StringComparison.Ordinal) => pixels * 4 * (animated ? 2 : 1),
            _ when loader.StartsWith("heifload", StringComparison.Ordinal) => frame * 2,
            _ when loader.StartsWith("uhdrload", StringComparison.Ordinal) => frame * 2,
            _ => frame,
        };
        return new DecodeCost(wholeFrame + lines, wholeFrame > 0);
    }

    public static int Pages(Image header) =>
        header.Contains("n-pages") && header.Get("n-pages") is int pages ? pages : 1;

    private static bool Interlaced(Image header) =>
        header.Contains("interlaced") && header.Get("interlaced") is int interlaced && interlaced != 0;

    private static bool MultiScan(Image header) =>
        header.Contains("jpeg-multiscan") && header.Get("jpeg-multiscan") is int multiscan && multiscan != 0;

    private static int BytesPerSample(Enums.BandFormat format) => format switch
    {
        Enums.BandFormat.Uchar or Enums.BandFormat.Char => 1,
        Enums.BandFormat.Ushort or Enums.BandFormat.Short => 2,
        Enums.BandFormat.Uint or Enums.BandFormat.Int or Enums.BandFormat.Float => 4,
        Enums.BandFormat.Complex or Enums.BandFormat.Double => 8,
        Enums.BandFormat.Dpcomplex => 16,
        _ => 8,
    };
}
