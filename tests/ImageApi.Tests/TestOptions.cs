using CloudImageService.Images;
using CloudImageService.Ingest;
using CloudImageService.Storage;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests;

internal static class TestOptions
{
    public static ImageOptions Images(Action<ImageOptions>? configure = null)
    {
        var options = new ImageOptions();
        configure?.Invoke(options);
        return options;
    }

    public static IOptions<ImageOptions> Wrap(ImageOptions options) => Options.Create(options);

    /// <summary>What the registrations tell the domain of ingest and storage, from their default options.</summary>
    public static IngestFacts Facts() =>
        StorageServiceCollectionExtensions.Describe(new StorageOptions(), IngestServiceCollectionExtensions.Describe(new IngestOptions(), new IngestFacts()));
}
