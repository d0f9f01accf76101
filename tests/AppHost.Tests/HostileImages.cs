using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NetVips;

namespace AppHost.Tests;

/// <summary>
/// Small files that declare images far larger than they are, as an attacker writes them. The PNG and TIFF are whole,
/// valid files; the GIF, WebP and AVIF are small valid files whose header fields are rewritten to declare a large
/// canvas, which is what a decoder sizes its buffers from.
/// </summary>
public static class HostileImages
{
    /// <summary>An Adam7-interlaced 16-bit RGBA PNG: every pixel of it must be held before the first row is known.</summary>
    public static byte[] InterlacedPng16(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16; // bits per sample
        header[9] = 6;  // RGBA
        header[12] = 1; // Adam7
        WriteChunk(output, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 16];
            foreach (var (passWidth, passHeight) in Adam7Passes(width, height))
            {
                var remaining = (long)passHeight * (1 + (long)passWidth * 8);
                while (remaining > 0)
                {
                    var count = (int)Math.Min(zeros.Length, remaining);
                    zlib.Write(zeros, 0, count);
                    remaining -= count;
                }
            }
        }
        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A planar-sized 32-bit float RGB TIFF of <paramref name="size"/>², deflated (a few hundred KB).</summary>
    public static byte[] FloatTiff(int size)
    {
        using var black = Image.Black(size, size, bands: 3);
        using var floats = black.Cast(Enums.BandFormat.Float);
        return floats.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Deflate);
    }

    /// <summary>A GIF whose logical screen and first frame (what the decoder allocates) are <paramref name="size"/>².</summary>
    public static byte[] GifCanvas(int size)
    {
        using var image = Image.Black(16, 16, bands: 3);
        var gif = image.GifsaveBuffer(keep: Enums.ForeignKeep.None);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(6), (ushort)size);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(8), (ushort)size);
        var frame = FirstImageDescriptor(gif);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(frame + 5), (ushort)size);
        BinaryPrimitives.WriteUInt16LittleEndian(gif.AsSpan(frame + 7), (ushort)size);
        return gif;
    }

    // After the header, the logical screen descriptor and its colour table, skipping extension blocks.
    private static int FirstImageDescriptor(byte[] gif)
    {
        var at = 13 + ((gif[10] & 0x80) != 0 ? 3 * (2 << (gif[10] & 7)) : 0);
        while (gif[at] == 0x21)
        {
            at += 2;
            while (gif[at] != 0) at += gif[at] + 1;
            at++;
        }
        return gif[at] == 0x2C ? at : throw new InvalidOperationException("No image descriptor in the GIF.");
    }

    /// <summary>A lossless WebP (VP8L) whose header declares <paramref name="size"/>².</summary>
    public static byte[] LosslessWebp(int size)
    {
        using var image = Image.Black(16, 16, bands: 3);
        var webp = image.WebpsaveBuffer(lossless: true, keep: Enums.ForeignKeep.None);
        var at = IndexOf(webp, "VP8L") + 8;
        if (webp[at] != 0x2F) throw new InvalidOperationException("Not a VP8L bitstream.");
        var bits = BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(at + 1));
        bits = (bits & 0xF0000000u) | (uint)(size - 1) | ((uint)(size - 1) << 14);
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(at + 1), bits);
        return webp;
    }

    /// <summary>An animated WebP of two small frames on a <paramref name="size"/>² canvas.</summary>
    public static byte[] AnimatedWebpCanvas(int size)
    {
        // Two different frames: identical ones would be merged into a still image.
        using var black = Image.Black(16, 16, bands: 3);
        using var white = black + 255;
        using var frames = black.Join(white, Enums.Direction.Vertical);
        using var animated = frames.Cast(Enums.BandFormat.Uchar).Mutate(mutable =>
        {
            mutable.Set(GValue.GIntType, "page-height", 16);
            mutable.Set(GValue.ArrayIntType, "delay", new[] { 100, 100 });
        });
        var webp = animated.WebpsaveBuffer(lossless: true, keep: Enums.ForeignKeep.None);
        var at = IndexOf(webp, "VP8X") + 8;
        WriteUInt24(webp, at + 4, size - 1);
        WriteUInt24(webp, at + 7, size - 1);
        return webp;
    }

    /// <summary>An AVIF whose image spatial extent (what the decoder sizes the picture from) says <paramref name="size"/>².</summary>
    public static byte[] AvifExtent(int size)
    {
        var avif = TestImages.Encode("image/avif", 64, 64);
        var at = IndexOf(avif, "ispe") + 8;
        BinaryPrimitives.WriteInt32BigEndian(avif.AsSpan(at), size);
        BinaryPrimitives.WriteInt32BigEndian(avif.AsSpan(at + 4), size);
        return avif;
    }

    private static IEnumerable<(int Width, int Height)> Adam7Passes(int width, int height)
    {
        (int X0, int Dx, int Y0, int Dy)[] passes = [(0, 8, 0, 8), (4, 8, 0, 8), (0, 4, 4, 8), (2, 4, 0, 4), (0, 2, 2, 4), (1, 2, 0, 2), (0, 1, 1, 2)];
        foreach (var (x0, dx, y0, dy) in passes)
        {
            var passWidth = (width - x0 + dx - 1) / dx;
            var passHeight = (height - y0 + dy - 1) / dy;
            if (passWidth > 0 && passHeight > 0) yield return (passWidth, passHeight);
        }
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        output.Write(number);
    }

    // PNG's CRC-32 (ISO 3309), bit by bit: a test writes a handful of chunks.
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static int IndexOf(byte[] bytes, string marker)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
        return at >= 0 ? at : throw new InvalidOperationException($"No {marker} in the file.");
    }

    private static void WriteUInt24(byte[] bytes, int at, int value)
    {
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >> 8);
        bytes[at + 2] = (byte)(value >> 16);
    }
}
