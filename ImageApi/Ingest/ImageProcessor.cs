using CloudImageService.Images;
using Microsoft.Extensions.Options;
using NetVips;
using Image = NetVips.Image;

namespace CloudImageService.Ingest;

public sealed record Thumbnail(int Size, int Width, int Height, byte[] Bytes);

public abstract record ProcessedImage
{
    public sealed record Valid(
        int Width, int Height, string Format, IReadOnlyList<Thumbnail> Thumbnails, string Placeholder, CaptureMetadata? Capture = null) : ProcessedImage;
    public sealed record Invalid(string Reason, string Kind) : ProcessedImage;

    /// <summary>No decode thread took it within <see cref="IngestOptions.QueueTimeout"/>: no verdict, nothing started.</summary>
    public sealed record Busy(string Reason) : ProcessedImage;
}

/// <summary>
/// Verifies an image by decoding it and derives its thumbnails, with libvips, within limits set before any pixel is
/// decoded: the header is checked against the pixel and page limits and against the memory the decode would hold
/// (<see cref="DecodeBudget"/>). Then one sequential pass reads every byte of the primary image, refusing damaged files
/// (fail on warnings), into the largest thumbnail: shrink-on-load for JPEG, a full-resolution decode for the others;
/// the smaller thumbnails come from that.
/// Every decode runs on a <see cref="DecodeThreads"/> thread and is stopped at <see cref="IngestOptions.DecodeTimeout"/>,
/// counted from when the thread starts it: time waiting for a thread has its own bound, <see cref="IngestOptions.QueueTimeout"/>,
/// past which there is no verdict at all.
/// Thumbnails are WebP with the EXIF orientation applied and every metadata block (EXIF, GPS, XMP, ICC…) stripped;
/// what the record keeps of the metadata is read from the header by <see cref="CaptureReader"/>.
/// </summary>
public sealed class ImageProcessor
{
    // A kill is noticed between tiles; a loader inside one long call may need a little longer to return.
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);
    private readonly IngestOptions _options;
    private readonly DecodeBudget _budget;
    private readonly DecodeThreads _threads;
    private readonly TimeProvider _clock;
    private readonly IngestMetrics _metrics;

    public ImageProcessor(IOptions<IngestOptions> options, DecodeBudget budget, DecodeThreads threads, TimeProvider clock, IngestMetrics metrics)
    {
        _options = options.Value;
        _budget = budget;
        _threads = threads;
        _clock = clock;
        _metrics = metrics;
        ConfigureLibvips();
    }

    /// <summary>How many decodes this instance has started (tests count them).</summary>
    public long DecodesStarted => Interlocked.Read(ref _decodesStarted);

    private long _decodesStarted;

    /// <summary>Checks and decodes the image spooled at <paramref name="path"/>; the caller owns the file.</summary>
    public async Task<ProcessedImage> ProcessAsync(string path, string declaredContentType, CancellationToken cancellationToken = default)
    {
        using var turn = await TakeTurnAsync(path, declaredContentType, cancellationToken);
        return turn.Ended ?? await turn.DecodeAsync();
    }

    /// <summary>
    /// Queues the decode of the image spooled at <paramref name="path"/> and waits, up to <see cref="IngestOptions.QueueTimeout"/>,
    /// for a decode thread to take it: the thread then holds it until <see cref="DecodeTurn.DecodeAsync"/> (what a crash
    /// there is charged to is recorded in between) or until the turn is disposed. A job given up on is never started.
    /// </summary>
    public async Task<DecodeTurn> TakeTurnAsync(string path, string declaredContentType, CancellationToken cancellationToken = default)
    {
        if (ImageFormats.For(declaredContentType) is not { } format)
            return new DecodeTurn(new ProcessedImage.Invalid($"'{declaredContentType}' cannot be decoded here.", RefusalReasons.WrongType));

        var job = new QueuedDecode();
        var turn = new DecodeTurn();
        var decode = _threads.RunAsync(() => job.TryStart() && turn.WaitForWord() ? Process(path, format) : null);

        if (!await job.WaitForStartAsync(_options.QueueTimeout, _clock, cancellationToken))
        {
            turn.End(new ProcessedImage.Busy(
                $"No decode thread was free within {_options.QueueTimeout.TotalSeconds:0.###} s (Ingest:QueueTimeout); nothing was decoded."));
            return turn;
        }
        turn.Taken(() => VerdictAsync(decode));
        return turn;
    }

    private async Task<ProcessedImage> VerdictAsync(Task<ProcessedImage?> decode)
    {
        try
        {
            return (await decode.WaitAsync(_options.DecodeTimeout + KillGrace, _clock, CancellationToken.None))!;
        }
        catch (TimeoutException)
        {
            // The decode thread stays busy until libvips returns, so the bound on decodes at once still holds.
            return TimedOut();
        }
    }

    private ProcessedImage Process(string path, ImageFormat format)
    {
        var notThisType = new ProcessedImage.Invalid($"The uploaded bytes are not a valid {format.ContentType} image.", RefusalReasons.WrongType);
        Image image;
        try
        {
            image = Image.NewFromFile(path, access: Enums.Access.Sequential, failOn: Enums.FailOn.Warning);
        }
        catch (VipsException)
        {
            return notThisType;
        }

        using (image)
        {
            var loader = image.Contains("vips-loader") ? image.Get("vips-loader") as string : null;
            if (loader is null || !IsFormat(image, loader, format)) return notThisType;
            if (CheckLimits(image, loader) is { } refused) return refused;

            var capture = ReadCapture(image);
            Interlocked.Increment(ref _decodesStarted);
            var started = _clock.GetTimestamp();
            using var deadline = new CancellationTokenSource(_options.DecodeTimeout, _clock);
            image.SetProgress(new Progress<int>(), deadline.Token);
            // The timer that kills libvips can fire late on a starved thread pool; the clock decides all the same.
            bool Late() => deadline.IsCancellationRequested || _clock.GetElapsedTime(started) > _options.DecodeTimeout;
            ProcessedImage outcome;
            try
            {
                var (thumbnails, placeholder) = loader == ShrinkOnLoadLoader
                    ? Thumbnails(ShrunkOnLoad(path, deadline.Token))
                    : Thumbnails(FromFullDecode(image));
                outcome = Late() ? TimedOut() : new ProcessedImage.Valid(image.Width, image.Height, format.Name, thumbnails, placeholder, capture);
            }
            catch (VipsException)
            {
                outcome = Late()
                    ? TimedOut()
                    : new ProcessedImage.Invalid($"The uploaded {format.ContentType} image is damaged or truncated.", RefusalReasons.Damaged);
            }
            _metrics.DecodeTook(_clock.GetElapsedTime(started), outcome is ProcessedImage.Valid);
            return outcome;
        }
    }

    /// <summary>
    /// The capture metadata of a file already verified, from its header alone: no pixel is decoded. Null when the
    /// file says nothing or cannot be opened.
    /// </summary>
    public CaptureMetadata? ReadCaptureOnly(string path)
    {
        try
        {
            using var header = Image.NewFromFile(path, access: Enums.Access.Sequential);
            return ReadCapture(header);
        }
        catch (VipsException)
        {
            return null;
        }
    }

    /// <summary>
    /// When, with what and (with Ingest:KeepLocation) where it was taken, from the header: metadata the file gets wrong
    /// is dropped, never a reason to refuse the image.
    /// </summary>
    private CaptureMetadata? ReadCapture(Image header)
    {
        try
        {
            return CaptureReader.Read(header, _clock.GetUtcNow().UtcDateTime, _options.KeepLocation);
        }
        catch (Exception error) when (error is VipsException or ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            return null;
        }
    }

    private ProcessedImage.Invalid? CheckLimits(Image header, string loader)
    {
        var (width, height) = (header.Width, header.Height);
        if ((long)width * height > _options.MaxPixels)
        {
            return new ProcessedImage.Invalid(
                $"The image is {width} × {height} pixels; at most {_options.MaxPixels:N0} pixels are accepted (Ingest:MaxPixels).",
                RefusalReasons.Pixels);
        }
        var pages = DecodeBudget.Pages(header);
        if (pages > _options.MaxPages)
        {
            return new ProcessedImage.Invalid(
                $"The image has {pages:N0} frames or pages; at most {_options.MaxPages:N0} are accepted (Ingest:MaxPages).", RefusalReasons.Pages);
        }
        var cost = DecodeBudget.Estimate(header, loader);
        if (!_budget.Admits(cost))
        {
            return new ProcessedImage.Invalid(
                $"Decoding this {width} × {height} image would hold about {Mebibytes(cost.Bytes)} MiB of memory; at most "
                + $"{Mebibytes(_budget.BytesPerDecode)} MiB per image fit this server (Ingest:DecodeMemoryBytes).", RefusalReasons.Memory);
        }
        _metrics.DecodeAdmitted(cost.Bytes);
        return null;
    }

    /// <summary>
    /// libjpeg decodes every scan at any scale, so a baseline or progressive JPEG read at 1/2, 1/4 or 1/8 of its size
    /// (DCT scaling) still fails on a truncated or corrupt scan (fail on warnings) while costing a fraction of a full
    /// decode. Formats that can hold a second image (TIFF pages, HEIF/AVIF items, UltraHDR's gain map) get a full decode.
    /// </summary>
    private const string ShrinkOnLoadLoader = "jpegload";

    /// <summary>The largest thumbnail, the JPEG loader shrinking while it decodes; stopped when <paramref name="deadline"/> fires.</summary>
    private Image ShrunkOnLoad(string path, CancellationToken deadline)
    {
        var largest = _options.ThumbnailSizes.Max();
        var thumbnail = Image.Thumbnail(path, largest, height: largest, size: Enums.Size.Down, failOn: Enums.FailOn.Warning);
        thumbnail.SetProgress(new Progress<int>(), deadline);
        return thumbnail;
    }

    /// <summary>One pass over the primary image at full resolution, sequentially and with every pixel decoded.</summary>
    private Image FromFullDecode(Image image)
    {
        var largest = _options.ThumbnailSizes.Max();
        return image.ThumbnailImage(largest, height: largest, size: Enums.Size.Down);
    }

    /// <summary>
    /// Every thumbnail from the largest one, kept in memory (evaluating it is the verification), and the placeholder
    /// (a ThumbHash, base64) from the smallest.
    /// </summary>
    private (List<Thumbnail> Thumbnails, string Placeholder) Thumbnails(Image largestThumbnail)
    {
        string placeholder = "";
        var sizes = _options.ThumbnailSizes.Distinct().OrderDescending().ToList();
        var thumbnails = new List<Thumbnail>(sizes.Count);
        using var largest = largestThumbnail;
        using var inMemory = largest.CopyMemory();
        foreach (var size in sizes)
        {
            using var scaled = size == sizes[0] ? inMemory.Copy() : inMemory.ThumbnailImage(size, height: size, size: Enums.Size.Down);
            var webp = scaled.WebpsaveBuffer(q: _options.ThumbnailQuality, keep: Enums.ForeignKeep.None);
            thumbnails.Add(new Thumbnail(size, scaled.Width, scaled.Height, webp));
            if (size == sizes[^1]) placeholder = Placeholder(scaled);
        }
        return (thumbnails, placeholder);
    }

    /// <summary>The ThumbHash of the image scaled to fit 100 px, from its 8-bit sRGB pixels with alpha.</summary>
    private static string Placeholder(Image smallest)
    {
        using var fitted = smallest.ThumbnailImage(ThumbHash.MaxSide, height: ThumbHash.MaxSide, size: Enums.Size.Down);
        using var srgb = fitted.Colourspace(Enums.Interpretation.Srgb);
        using var withAlpha = srgb.Bands switch
        {
            3 => srgb.Bandjoin(255),
            > 4 => srgb.ExtractBand(0, n: 4),
            _ => srgb.Copy(),
        };
        using var bytes = withAlpha.Cast(Enums.BandFormat.Uchar);
        return Convert.ToBase64String(ThumbHash.Encode(bytes.Width, bytes.Height, bytes.WriteToMemory<byte>()));
    }

    private ProcessedImage.Invalid TimedOut() => new(
        $"Decoding the image took longer than {_options.DecodeTimeout.TotalSeconds:0.###} s (Ingest:DecodeTimeout) and was stopped.", RefusalReasons.Timeout);

    private static bool IsFormat(Image header, string loader, ImageFormat format) =>
        format.IsReadBy(loader)
        && (format.HeifCompression is null
            || (header.Contains("heif-compression")
                && format.HeifCompression.Equals(header.Get("heif-compression") as string, StringComparison.OrdinalIgnoreCase)));

    private static long Mebibytes(long bytes) => (bytes + (1 << 20) - 1) >> 20;

    private static int _configured;

    // No operation cache (it would keep decoded images alive), one libvips worker per decode thread, and no loaders
    // libvips does not fuzz (they would otherwise read a header before the type check refuses them).
    private static void ConfigureLibvips()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.Concurrency = 1;
        NetVips.NetVips.BlockUntrusted = true;
    }
}
