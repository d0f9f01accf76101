using NetVips;

namespace Gallery.Tests;

/// <summary>Real images made by libvips: a colour gradient, so each one looks different in the screenshot.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, double hue = 0) => Encode(width, height, hue, ".png");

    public static byte[] Jpeg(int width, int height, double hue = 0) => Encode(width, height, hue, ".jpg[Q=85]");

    /// <summary>A JPEG whose EXIF (libvips builds it on save) says it was taken at <paramref name="takenAt"/> (yyyy:MM:dd HH:mm:ss), UTC+2.</summary>
    public static byte[] Photo(int width, int height, double hue, string takenAt)
    {
        using var image = Image.NewFromBuffer(Jpeg(width, height, hue));
        using var tagged = image.Mutate(mutable =>
        {
            mutable.Set(GValue.GStrType, "exif-ifd2-DateTimeOriginal", takenAt);
            mutable.Set(GValue.GStrType, "exif-ifd2-OffsetTimeOriginal", "+02:00");
        });
        return tagged.JpegsaveBuffer(q: 85);
    }

    /// <summary>A file a user might have renamed: text, whatever its name says.</summary>
    public static byte[] Text(string text = "These are notes, not a picture.\n") => System.Text.Encoding.UTF8.GetBytes(text);

    private static byte[] Encode(int width, int height, double hue, string format)
    {
        // LCh: lightness along x, chroma along y, one hue per image; converted to sRGB for the encoders.
        using var xyz = Image.Xyz(width, height);
        using var x = xyz[0];
        using var y = xyz[1];
        using var lightness = x * (60.0 / width) + 30;
        using var chroma = y * (-50.0 / height) + 70;
        using var hueBand = lightness * 0 + hue;
        using var lch = lightness.Bandjoin(chroma, hueBand).Copy(interpretation: Enums.Interpretation.Lch);
        using var srgb = lch.Colourspace(Enums.Interpretation.Srgb);
        using var bytes = srgb.Cast(Enums.BandFormat.Uchar);
        return bytes.WriteToBuffer(format);
    }
}
