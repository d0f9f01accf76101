using CloudImageService.Images;
using CloudImageService.Storage.Startup;

namespace ImageApi.Tests.Images;

/// <summary>The trash on fake time: delete, restore, permanent delete and the sweeper's purge, each a conditional write.</summary>
public sealed class TrashTests
{
    private readonly ConfirmationHarness _harness = new();

    private ImageRecord Available(string userId = "user")
    {
        var pending = _harness.Pending();
        var available = pending with
        {
            UserId = userId,
            Status = ImageStatus.Available,
            UploadExpiresAt = null,
            ThumbnailSizes = [256, 1024],
            Sha256 = new string('a', 64),
        };
        _harness.Store.Add(available);
        return available;
    }

    [Fact]
    public async Task A_delete_moves_an_available_image_to_the_trash_with_its_bytes_kept_until_the_retention_has_passed()
    {
        var image = Available();

        Assert.True(await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None));

        var trashed = _harness.Store[image.ImageId]!;
        Assert.Equal(ImageStatus.Trashed, trashed.Status);
        Assert.Equal(_harness.Now, trashed.TrashedAt);
        Assert.Equal(_harness.Now + TimeSpan.FromDays(30), trashed.PurgeAfter);
        Assert.Empty(_harness.Objects.Deleted);
    }

    [Fact]
    public async Task A_second_delete_of_a_trashed_image_finds_nothing_as_after_the_original_services_delete()
    {
        var image = Available();
        await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None);

        Assert.False(await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None));
        Assert.Equal(ImageStatus.Trashed, _harness.Store[image.ImageId]!.Status);
    }

    [Fact]
    public async Task A_restore_brings_a_trashed_image_back_as_it_was()
    {
        var image = Available();
        await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None);
        _harness.Clock.Advance(TimeSpan.FromDays(29));

        var restored = await _harness.Lifecycle().RestoreAsync(image.ImageId, ownerId: "user", CancellationToken.None);

        Assert.Equal(image, restored);
        Assert.Equal(image, _harness.Store[image.ImageId]);
    }

    [Fact]
    public async Task Only_a_trashed_image_of_the_owner_can_be_restored()
    {
        var visible = Available();
        var trashed = Available();
        await _harness.Lifecycle().DeleteAsync(trashed.ImageId, ownerId: null, CancellationToken.None);

        Assert.Null(await _harness.Lifecycle().RestoreAsync(visible.ImageId, ownerId: null, CancellationToken.None));
        Assert.Null(await _harness.Lifecycle().RestoreAsync(trashed.ImageId, ownerId: "someone else", CancellationToken.None));
        Assert.Null(await _harness.Lifecycle().RestoreAsync(Guid.NewGuid().ToString(), ownerId: null, CancellationToken.None));
        Assert.Equal(ImageStatus.Trashed, _harness.Store[trashed.ImageId]!.Status);
    }

    [Fact]
    public async Task An_upload_not_yet_verified_skips_the_trash_and_is_deleted_at_once()
    {
        var pending = _harness.Pending();

        Assert.True(await _harness.Lifecycle().DeleteAsync(pending.ImageId, ownerId: null, CancellationToken.None));

        Assert.Null(_harness.Store[pending.ImageId]);
        Assert.Contains(pending.StagingKey!, _harness.Objects.Deleted);
    }

    [Fact]
    public async Task With_zero_retention_a_delete_removes_the_record_and_every_object_at_once_as_the_original_service_did()
    {
        _harness.Images.TrashRetention = TimeSpan.Zero;
        var image = Available();

        Assert.True(await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None));

        Assert.Null(_harness.Store[image.ImageId]);
        Assert.Contains(image.ObjectKey, _harness.Objects.Deleted);
        Assert.Contains(image.ThumbnailKey(256), _harness.Objects.Deleted);
    }

    [Fact]
    public async Task A_permanent_delete_removes_a_trashed_image_and_an_image_not_in_the_trash_alike()
    {
        var trashed = Available();
        var visible = Available();
        await _harness.Lifecycle().DeleteAsync(trashed.ImageId, ownerId: null, CancellationToken.None);

        Assert.True(await _harness.Lifecycle().DeletePermanentlyAsync(trashed.ImageId, ownerId: "user", CancellationToken.None));
        Assert.True(await _harness.Lifecycle().DeletePermanentlyAsync(visible.ImageId, ownerId: "user", CancellationToken.None));

        Assert.Empty(_harness.Store.Records);
        Assert.Contains(trashed.ObjectKey, _harness.Objects.Deleted);
        Assert.Contains(visible.ObjectKey, _harness.Objects.Deleted);
    }

    [Fact]
    public async Task The_sweeper_purges_a_trashed_image_at_the_first_interval_after_its_retention_and_not_before()
    {
        var image = Available();
        var kept = Available();
        await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None);
        using var sweeper = _harness.Sweeper(new StorageReadiness());

        _harness.Clock.Advance(_harness.Images.TrashRetention - _harness.Images.SweepInterval);
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Equal(ImageStatus.Trashed, _harness.Store[image.ImageId]!.Status);

        _harness.Clock.Advance(_harness.Images.SweepInterval);
        await sweeper.SweepOnceAsync(CancellationToken.None);
        Assert.Null(_harness.Store[image.ImageId]);

        Assert.Contains(image.ObjectKey, _harness.Objects.Deleted);
        Assert.Contains(image.ThumbnailKey(1024), _harness.Objects.Deleted);
        Assert.Equal(ImageStatus.Available, _harness.Store[kept.ImageId]!.Status);
    }

    [Fact]
    public async Task Two_instances_purging_the_same_images_at_once_remove_each_exactly_and_fail_nowhere()
    {
        var images = Enumerable.Range(0, 20).Select(_ => Available()).ToList();
        foreach (var image in images) await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None);
        _harness.Clock.Advance(_harness.Images.TrashRetention + TimeSpan.FromSeconds(1));

        await Task.WhenAll(
            Task.Run(() => _harness.Lifecycle().PurgeDueAsync(100, CancellationToken.None)),
            Task.Run(() => _harness.Lifecycle().PurgeDueAsync(100, CancellationToken.None)));

        Assert.Empty(_harness.Store.Records);
        Assert.All(images, image => Assert.Contains(image.ObjectKey, _harness.Objects.Deleted));
    }

    [Fact]
    public async Task A_restore_racing_a_purge_ends_in_exactly_one_of_the_two_never_half()
    {
        for (var round = 0; round < 50; round++)
        {
            var harness = new ConfirmationHarness();
            var pending = harness.Pending();
            var image = pending with { Status = ImageStatus.Available, UploadExpiresAt = null, ThumbnailSizes = [256] };
            harness.Store.Add(image);
            await harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None);
            harness.Clock.Advance(harness.Images.TrashRetention + TimeSpan.FromSeconds(1));

            var restore = Task.Run(() => harness.Lifecycle().RestoreAsync(image.ImageId, ownerId: null, CancellationToken.None));
            var purge = Task.Run(() => harness.Lifecycle().PurgeDueAsync(100, CancellationToken.None));
            var restored = await restore;
            await purge;

            if (restored is not null)
            {
                Assert.Equal(ImageStatus.Available, harness.Store[image.ImageId]!.Status);
                Assert.Empty(harness.Objects.Deleted);
            }
            else
            {
                Assert.Null(harness.Store[image.ImageId]);
                Assert.Contains(image.ObjectKey, harness.Objects.Deleted);
            }
        }
    }

    [Fact]
    public async Task A_purge_that_failed_at_the_objects_is_finished_by_the_next_sweep_and_cannot_be_restored_meanwhile()
    {
        var image = Available();
        await _harness.Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None);
        _harness.Clock.Advance(_harness.Images.TrashRetention + TimeSpan.FromSeconds(1));
        _harness.Objects.FailDeletes = true;

        await Assert.ThrowsAsync<IOException>(() => _harness.Lifecycle().PurgeDueAsync(100, CancellationToken.None));
        Assert.Equal(ImageStatus.Deleting, _harness.Store[image.ImageId]!.Status);
        Assert.Null(await _harness.Lifecycle().RestoreAsync(image.ImageId, ownerId: null, CancellationToken.None));

        _harness.Objects.FailDeletes = false;
        await _harness.Lifecycle().PurgeDueAsync(100, CancellationToken.None);
        Assert.Null(_harness.Store[image.ImageId]);
    }
}
