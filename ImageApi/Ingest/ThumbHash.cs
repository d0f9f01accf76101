namespace CloudImageService.Ingest;

/// <summary>
/// ThumbHash (Evan Wallace, MIT; https://evanw.github.io/thumbhash/): a ~25-byte blurred preview of an image, with its
/// aspect ratio and alpha, that a page paints before the thumbnail arrives. Chosen over BlurHash because it keeps the
/// aspect ratio and alpha, needs no component counts, and decodes in a few lines of JavaScript. A port of the reference
/// encoder <c>rgbaToThumbHash</c> (npm thumbhash 0.1.1); tests compare its output with the reference's, byte for byte.
/// </summary>
public static class ThumbHash
{
    public const int MaxSide = 100;

    /// <summary>Encodes RGBA pixels (not premultiplied), row by row, of an image at most 100 × 100.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba)
    {
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide) throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} doesn't fit in 100x100");
        if (rgba.Length != width * height * 4) throw new ArgumentException("Expected width × height × 4 bytes.", nameof(rgba));
        var count = width * height;

        double avgR = 0, avgG = 0, avgB = 0, avgA = 0;
        for (int i = 0, j = 0; i < count; i++, j += 4)
        {
            var alpha = rgba[j + 3] / 255.0;
            avgR += alpha / 255 * rgba[j];
            avgG += alpha / 255 * rgba[j + 1];
            avgB += alpha / 255 * rgba[j + 2];
            avgA += alpha;
        }
        if (avgA > 0)
        {
            avgR /= avgA;
            avgG /= avgA;
            avgB /= avgA;
        }

        var hasAlpha = avgA < count;
        var lLimit = hasAlpha ? 5 : 7; // fewer luminance bits when alpha needs room
        var longest = Math.Max(width, height);
        var lx = Math.Max(1, Round(lLimit * width / (double)longest));
        var ly = Math.Max(1, Round(lLimit * height / (double)longest));
        var l = new double[count];
        var p = new double[count];
        var q = new double[count];
        var a = new double[count];

        // RGBA to LPQA, composited atop the average colour.
        for (int i = 0, j = 0; i < count; i++, j += 4)
        {
            var alpha = rgba[j + 3] / 255.0;
            var r = (avgR * (1 - alpha)) + (alpha / 255 * rgba[j]);
            var g = (avgG * (1 - alpha)) + (alpha / 255 * rgba[j + 1]);
            var b = (avgB * (1 - alpha)) + (alpha / 255 * rgba[j + 2]);
            l[i] = (r + g + b) / 3;
            p[i] = ((r + g) / 2) - b;
            q[i] = r - g;
            a[i] = alpha;
        }

        var (lDc, lAc, lScale) = EncodeChannel(l, width, height, Math.Max(3, lx), Math.Max(3, ly));
        var (pDc, pAc, pScale) = EncodeChannel(p, width, height, 3, 3);
        var (qDc, qAc, qScale) = EncodeChannel(q, width, height, 3, 3);
        var (aDc, aAc, aScale) = hasAlpha ? EncodeChannel(a, width, height, 5, 5) : (0, [], 0);

        var isLandscape = width > height;
        var header24 = Round(63 * lDc) | (Round(31.5 + (31.5 * pDc)) << 6) | (Round(31.5 + (31.5 * qDc)) << 12)
                       | (Round(31 * lScale) << 18) | ((hasAlpha ? 1 : 0) << 23);
        var header16 = (isLandscape ? ly : lx) | (Round(63 * pScale) << 3) | (Round(63 * qScale) << 9) | ((isLandscape ? 1 : 0) << 15);
        var acStart = hasAlpha ? 6 : 5;
        var acCount = lAc.Count + pAc.Count + qAc.Count + aAc.Count;
        var hash = new byte[acStart + ((acCount + 1) / 2)];
        hash[0] = (byte)(header24 & 255);
        hash[1] = (byte)((header24 >> 8) & 255);
        hash[2] = (byte)(header24 >> 16);
        hash[3] = (byte)(header16 & 255);
        hash[4] = (byte)(header16 >> 8);
        if (hasAlpha) hash[5] = (byte)(Round(15 * aDc) | (Round(15 * aScale) << 4));

        var acIndex = 0;
        foreach (var ac in hasAlpha ? new[] { lAc, pAc, qAc, aAc } : [lAc, pAc, qAc])
        {
            foreach (var factor in ac)
            {
                hash[acStart + (acIndex >> 1)] |= (byte)(Round(15 * factor) << ((acIndex & 1) << 2));
                acIndex++;
            }
        }
        return hash;
    }

    /// <summary>The DCT of one channel: its DC term, and its AC terms normalized to 0..1 by their largest magnitude.</summary>
    private static (double Dc, List<double> Ac, double Scale) EncodeChannel(double[] channel, int width, int height, int nx, int ny)
    {
        double dc = 0, scale = 0;
        var ac = new List<double>();
        var fx = new double[width];
        for (var cy = 0; cy < ny; cy++)
        {
            for (var cx = 0; cx * ny < nx * (ny - cy); cx++)
            {
                double f = 0;
                for (var x = 0; x < width; x++) fx[x] = Math.Cos(Math.PI / width * cx * (x + 0.5));
                for (var y = 0; y < height; y++)
                {
                    var fy = Math.Cos(Math.PI / height * cy * (y + 0.5));
                    for (var x = 0; x < width; x++) f += channel[x + (y * width)] * fx[x] * fy;
                }
                f /= width * height;
                if (cx > 0 || cy > 0)
                {
                    ac.Add(f);
                    scale = Math.Max(scale, Math.Abs(f));
                }
                else
                {
                    dc = f;
                }
            }
        }
        if (scale > 0)
        {
            for (var i = 0; i < ac.Count; i++) ac[i] = 0.5 + (0.5 / scale * ac[i]);
        }
        return (dc, ac, scale);
    }

    // JavaScript's Math.round: halves go up, which the reference's bit layout depends on.
    private static int Round(double value) => (int)Math.Floor(value + 0.5);
}
