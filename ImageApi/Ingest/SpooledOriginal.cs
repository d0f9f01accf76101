using System.Security.Cryptography;

namespace CloudImageService.Ingest;

/// <summary>
/// An original copied from S3 to a local file while it is hashed, so that confirming it holds a small buffer rather
/// than the whole file (and libvips reads the file as it decodes). The file is deleted on dispose.
/// </summary>
public sealed class SpooledOriginal : IAsyncDisposable
{
    private SpooledOriginal(string path, long length, string sha256)
    {
        Path = path;
        Length = length;
        Sha256 = sha256;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Lowercase hex SHA-256 of the bytes spooled.</summary>
    public string Sha256 { get; }

    private const string FilePrefix = "cis-ingest-";

    /// <summary>Removes spool files a process that died mid-confirmation left behind (older than an hour).</summary>
    public static void DeleteStale(string directory, DateTime olderThanUtc)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, FilePrefix + "*"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < olderThanUtc) File.Delete(file);
            }
            catch (IOException)
            {
                // Another instance sharing the directory is removing it, or still using it.
            }
        }
    }

    /// <summary>Copies at most <paramref name="maxLength"/> bytes of <paramref name="source"/>; null when it holds more.</summary>
    public static async Task<SpooledOriginal?> CopyAsync(Stream source, string directory, long maxLength, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(directory, FilePrefix + Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxLength)
                    {
                        await file.DisposeAsync();
                        File.Delete(path);
                        return null;
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            return new SpooledOriginal(path, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }
}
