using CloudImageService.Images;

namespace ImageApi.Tests.Images;

public sealed class ImageLifecycleTests
{
    private readonly ConfirmationHarness _harness = new();

    // These are today's immediate delete: pending images never go to the trash.
    private ImageLifecycle Lifecycle() => _harness.Lifecycle();

    [Fact]
    public async Task A_delete_removes_the_record_and_every_object_the_image_may_have()
    {
        var image = _harness.Pending();

        Assert.True(await Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None));

        Assert.Null(_harness.Store[image.ImageId]);
        Assert.Equal(
            new HashSet<string>
            {
                image.StagingKey!, image.ObjectKey, ObjectKeys.Thumbnail(image.ImageId, 256, null), ObjectKeys.Thumbnail(image.ImageId, 1024, null),
            },
            new HashSet<string>(_harness.Objects.Deleted));
    }

    [Fact]
    public async Task Another_users_image_counts_as_absent_and_stays()
    {
        var image = _harness.Pending();

        Assert.False(await Lifecycle().DeleteAsync(image.ImageId, ownerId: "someone else", CancellationToken.None));

        Assert.Equal(ImageStatus.Pending, _harness.Store[image.ImageId]!.Status);
        Assert.Empty(_harness.Objects.Deleted);
    }

    [Fact]
    public async Task A_delete_that_fails_at_the_objects_leaves_a_hidden_record_that_the_next_delete_finishes()
    {
        var image = _harness.Pending();
        _harness.Objects.FailDeletes = true;

        await Assert.ThrowsAsync<IOException>(() => Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None));
        Assert.Equal(ImageStatus.Deleting, _harness.Store[image.ImageId]!.Status);

        _harness.Objects.FailDeletes = false;
        Assert.True(await Lifecycle().DeleteAsync(image.ImageId, ownerId: null, CancellationToken.None));
        Assert.Null(_harness.Store[image.ImageId]);
    }
}
