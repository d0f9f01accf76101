using CloudImageService.Storage;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AppHost.Tests;

/// <summary>The initializer against the real emulators: safe to run again, and from several instances at once.</summary>
[Collection(ImageServiceCollection.Name)]
public class StorageInitializerTests(ImageServiceFixture service)
{
    [Fact]
    public async Task Several_instances_initializing_at_once_all_succeed_and_keep_the_data()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());

        var instances = Enumerable.Range(0, 4).Select(_ => new StorageInitializer(
            service.Storage.S3,
            service.Storage.DynamoDb,
            Options.Create(new StorageOptions { CreateResources = true, EnableTimeToLive = false, EnableLifecycleRules = false }),
            new StorageReadiness(),
            NullLogger<StorageInitializer>.Instance));
        await Task.WhenAll(instances.Select(instance => instance.EnsureResourcesAsync(CancellationToken.None)));

        Assert.Equal("pending", await service.Storage.RecordStatusAsync(imageId));
        Assert.Equal(["uploads/" + imageId], await service.Storage.KeysOfAsync(imageId));
    }
}
