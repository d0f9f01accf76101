using System.Security.Cryptography;
using CloudImageService.Ingest;

namespace ImageApi.Tests.Ingest;

public sealed class SpooledOriginalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spool-test-").FullName;

    [Fact]
    public async Task The_spooled_file_holds_the_bytes_with_their_sha256_and_goes_on_dispose()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        var spooled = await SpooledOriginal.CopyAsync(new MemoryStream(bytes), _directory, bytes.Length, CancellationToken.None);

        Assert.NotNull(spooled);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(spooled.Path));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), spooled.Sha256);
        Assert.Equal(bytes.Length, spooled.Length);
        await spooled.DisposeAsync();
        Assert.Empty(Directory.EnumerateFiles(_directory));
    }

    [Fact]
    public async Task A_stream_longer_than_allowed_is_not_spooled_and_leaves_no_file()
    {
        var spooled = await SpooledOriginal.CopyAsync(new MemoryStream(new byte[200_001]), _directory, 200_000, CancellationToken.None);

        Assert.Null(spooled);
        Assert.Empty(Directory.EnumerateFiles(_directory));
    }

    [Fact]
    public async Task Spool_files_a_dead_process_left_are_removed_and_fresh_ones_kept()
    {
        await using var fresh = await SpooledOriginal.CopyAsync(new MemoryStream([1, 2, 3]), _directory, 10, CancellationToken.None);
        await using var old = await SpooledOriginal.CopyAsync(new MemoryStream([4, 5, 6]), _directory, 10, CancellationToken.None);
        var unrelated = Path.Combine(_directory, "someone-elses-file");
        await File.WriteAllTextAsync(unrelated, "keep");
        File.SetLastWriteTimeUtc(old!.Path, DateTime.UtcNow.AddHours(-2));
        File.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow.AddHours(-2));

        SpooledOriginal.DeleteStale(_directory, DateTime.UtcNow.AddHours(-1));

        Assert.True(File.Exists(fresh!.Path));
        Assert.False(File.Exists(old.Path));
        Assert.True(File.Exists(unrelated));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
