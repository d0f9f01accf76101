using System.Security.Cryptography;
using NetVips;

namespace AppHost.Tests;

/// <summary>Real images made by libvips, with random pixels so that every call gives different bytes.</summary>
public static class TestImages
{
    /// <summary>Small by default (well under a kilobyte), so tests with tight size limits can use it.</summary>
    public static byte[] Png(int width = 16, int height = 12) => Encode("image/png", width, height);

    public static byte[] Jpeg(int width = 16, int height = 12) => Encode("image/jpeg", width, height);

    /// <summary>A file written by another tool (ExifTool), committed under tests/Shared/Images: see its README.</summary>
    public static byte[] Committed(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CloudImageService.sln"))) directory = directory.Parent;
        return File.ReadAllBytes(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("CloudImageService.sln not found."),
            "tests", "Shared", "Images", name));
    }

    public static byte[] Encode(string contentType, int width, int height)
    {
        using var image = Noise(width, height);
        return contentType switch
        {
            "image/png" => image.PngsaveBuffer(),
            "image/jpeg" => image.JpegsaveBuffer(q: 90),
            "image/gif" => image.GifsaveBuffer(),
            "image/webp" => image.WebpsaveBuffer(q: 90),
            "image/tiff" => image.TiffsaveBuffer(),
            "image/avif" => image.HeifsaveBuffer(compression: Enums.ForeignHeifCompression.Av1),
            _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, null),
        };
    }

    /// <summary>A JPEG stored sideways: EXIF orientation 6 (rotate 90° to display) and a GPS position.</summary>
    public static byte[] SidewaysJpegWithGps(int width, int height)
    {
        using var image = Noise(width, height);
        using var tagged = image.Mutate(mutable =>
        {
            mutable.Set(GValue.GIntType, "orientation", 6);
            mutable.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            mutable.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "48/1 51/1 24/1");
        });
        return tagged.JpegsaveBuffer(q: 90);
    }

    /// <summary>A JPEG whose EXIF (libvips builds it on save) says when, with what and where it was taken.</summary>
    public static byte[] PhotoJpeg(int width, int height)
    {
        using var image = Noise(width, height);
        using var tagged = image.Mutate(mutable =>
        {
            mutable.Set(GValue.GStrType, "exif-ifd2-DateTimeOriginal", "2019:07:04 18:30:12");
            mutable.Set(GValue.GStrType, "exif-ifd2-OffsetTimeOriginal", "+02:00");
            mutable.Set(GValue.GStrType, "exif-ifd2-SubSecTimeOriginal", "5");
            mutable.Set(GValue.GStrType, "exif-ifd0-Make", "Canon");
            mutable.Set(GValue.GStrType, "exif-ifd0-Model", "Canon EOS R5");
            mutable.Set(GValue.GStrType, "exif-ifd2-LensModel", "RF24-105mm F4 L IS USM");
            mutable.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            mutable.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "48/1 51/1 24/1");
            mutable.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
            mutable.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "2/1 21/1 0/1");
        });
        return tagged.JpegsaveBuffer(q: 90);
    }

    /// <summary>Decodes an image the test received, with its size and whether it still carries EXIF.</summary>
    public static (int Width, int Height, string Loader, bool HasExif) Inspect(byte[] bytes)
    {
        using var image = Image.NewFromBuffer(bytes, failOn: Enums.FailOn.Warning);
        return (image.Width, image.Height, (string)image.Get("vips-loader"), image.Contains("exif-data"));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static Image Noise(int width, int height)
    {
        var seed = Random.Shared.Next();
        using var red = Image.Gaussnoise(width, height, mean: 128, sigma: 50, seed: seed);
        using var green = Image.Gaussnoise(width, height, mean: 100, sigma: 50, seed: seed + 1);
        using var blue = Image.Gaussnoise(width, height, mean: 80, sigma: 50, seed: seed + 2);
        using var joined = red.Bandjoin(green, blue);
        return joined.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }
}
