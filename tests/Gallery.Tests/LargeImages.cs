using NetVips;

namespace Gallery.Tests;

/// <summary>
/// A real image above the gallery's multipart threshold (16 MiB), written to disk so the page reads it as a user's
/// file: 2,800² RGB noise as an uncompressed TIFF, 23.5 MB, 5 parts of 5 MiB (the smallest S3 allows, set in the fixture).
/// </summary>
public sealed class LargeImageFile : IDisposable
{
    public const int Side = 2800;
    public const long PartSize = 5 * 1024 * 1024;

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var noise = Image.Gaussnoise(Side, Side, sigma: 40, mean: 128);
        using var rgb = noise.Bandjoin(noise.Flip(Enums.Direction.Horizontal), noise.Flip(Enums.Direction.Vertical));
        using var bytes = rgb.Cast(Enums.BandFormat.Uchar);
        return bytes.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.None);
    });

    private readonly string _directory = Directory.CreateTempSubdirectory("gallery-large-").FullName;

    public LargeImageFile(string name)
    {
        Name = name;
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllBytes(Path, Bytes.Value);
    }

    public string Name { get; }
    public string Path { get; }
    public long Length => Bytes.Value.Length;
    public int PartCount => (int)((Length + PartSize - 1) / PartSize);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
