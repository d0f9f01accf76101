using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NetVips;
using Image = NetVips.Image;

namespace CloudImageService.Ingest;

public sealed record Thumbnail(int Size, int Width, int Height, byte[] Bytes);

public abstract record ProcessedImage
{
    public sealed record Valid(int Width, int Height, string Format, string Sha256, IReadOnlyList<Thumbnail> Thumbnails) : ProcessedImage;
    public sealed record Invalid(string Reason) : ProcessedImage;
}

/// <summary>
/// Verifies an image by decoding it and derives its thumbnails, with libvips: the header is checked against the
/// pixel limit before any pixel is decoded, the full decode refuses damaged files (fail on warnings), and the
/// largest thumbnail is made with shrink-on-load, the smaller ones from it. Thumbnails are WebP with the EXIF
/// orientation applied and every metadata block (EXIF, GPS, XMP, ICC…) stripped.
/// </summary>
public sealed class ImageProcessor(IOptions<IngestOptions> options)
{
    private readonly IngestOptions _options = options.Value;

    // Decoding is CPU- and memory-bound: more at once than there are cores only adds memory.
    private readonly SemaphoreSlim _decodeSlots = new(Math.Max(1, Environment.ProcessorCount));

    public async Task<ProcessedImage> ProcessAsync(byte[] bytes, string declaredContentType, CancellationToken cancellationToken)
    {
        if (ImageFormats.For(declaredContentType) is not { } format)
            return new ProcessedImage.Invalid($"'{declaredContentType}' cannot be decoded here.");

        await _decodeSlots.WaitAsync(cancellationToken);
        try
        {
            return Process(bytes, format);
        }
        finally
        {
            _decodeSlots.Release();
        }
    }

    private ProcessedImage Process(byte[] bytes, ImageFormat format)
    {
        var notThisType = new ProcessedImage.Invalid($"The uploaded bytes are not a valid {format.ContentType} image.");
        int width, height;
        try
        {
            using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential, failOn: Enums.FailOn.Warning);
            if (!IsFormat(header, format)) return notThisType;
            (width, height) = (header.Width, header.Height);
        }
        catch (VipsException)
        {
            return notThisType;
        }

        if ((long)width * height > _options.MaxPixels)
        {
            return new ProcessedImage.Invalid(
                $"The image is {width} × {height} pixels; at most {_options.MaxPixels:N0} pixels are accepted.");
        }

        try
        {
            return new ProcessedImage.Valid(width, height, format.Name, Convert.ToHexStringLower(SHA256.HashData(bytes)), Thumbnails(bytes));
        }
        catch (VipsException)
        {
            return new ProcessedImage.Invalid($"The uploaded {format.ContentType} image is damaged or truncated.");
        }
    }

    private List<Thumbnail> Thumbnails(byte[] bytes)
    {
        var sizes = _options.ThumbnailSizes.Distinct().OrderDescending().ToList();
        var thumbnails = new List<Thumbnail>(sizes.Count);
        // Decoding the whole file here is also the verification: a truncated or corrupt file fails on its warnings.
        using var largest = Image.ThumbnailBuffer(bytes, sizes[0], height: sizes[0], size: Enums.Size.Down, optionString: "fail_on=warning");
        using var inMemory = largest.CopyMemory();
        foreach (var size in sizes)
        {
            using var scaled = size == sizes[0] ? inMemory.Copy() : inMemory.ThumbnailImage(size, height: size, size: Enums.Size.Down);
            var webp = scaled.WebpsaveBuffer(q: _options.ThumbnailQuality, keep: Enums.ForeignKeep.None);
            thumbnails.Add(new Thumbnail(size, scaled.Width, scaled.Height, webp));
        }
        return thumbnails;
    }

    private static bool IsFormat(Image header, ImageFormat format) =>
        header.Contains("vips-loader")
        && header.Get("vips-loader") is string loader
        && loader.StartsWith(format.Loader, StringComparison.Ordinal)
        && (format.HeifCompression is null
            || (header.Contains("heif-compression") && format.HeifCompression.Equals(header.Get("heif-compression") as string, StringComparison.OrdinalIgnoreCase)));
}
