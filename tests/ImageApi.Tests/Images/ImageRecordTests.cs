using CloudImageService.Images;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;


namespace ImageApi.Tests.Images;

public class ImageRecordTests
{
    private static readonly DateTime Expires = new(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    private static ImageRecord Pending() => new("id", "alice", "image/png", [], null, Expires.AddMinutes(-15),
        ImageStatus.Pending, "images/id")
    { UploadExpiresAt = Expires };

    [Fact]
    public void The_upload_window_closes_after_expiry_plus_grace()
    {
        var grace = TimeSpan.FromMinutes(1);
        Assert.False(Pending().UploadWindowClosed(Expires, grace));
        Assert.False(Pending().UploadWindowClosed(Expires + grace, grace));
        Assert.True(Pending().UploadWindowClosed(Expires + grace + TimeSpan.FromTicks(1), grace));
    }

    [Fact]
    public void Only_pending_records_have_a_window() =>
        Assert.False((Pending() with { Status = ImageStatus.Available }).UploadWindowClosed(Expires.AddDays(1), TimeSpan.Zero));

    [Fact]
    public void Pending_records_carry_the_sparse_index_keys_and_others_do_not()
    {
        var pending = ImageItemMapper.ToItem(Pending());
        Assert.Matches("^pending#[0-7]$", pending["pending_partition"].S);
        Assert.Contains(pending["pending_partition"].S, ImageStoreSchema.PendingPartitionValues);
        Assert.Equal("2024-05-01T10:00:00.000000Z", pending["upload_expires_at"].S);

        var available = ImageItemMapper.ToItem(Pending() with { Status = ImageStatus.Available });
        Assert.DoesNotContain("pending_partition", available.Keys);
    }

    [Fact]
    public void Sizes_etags_and_reasons_survive_a_round_trip()
    {
        var record = Pending() with { Status = ImageStatus.Rejected, SizeBytes = 42, ETag = "\"abc\"", RejectionReason = "not a png", UploadExpiresAt = null };
        Assert.Equivalent(record, ImageItemMapper.FromItem(ImageItemMapper.ToItem(record)), strict: true);
    }
}
