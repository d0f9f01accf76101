using CloudImageService.Images;
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
}
