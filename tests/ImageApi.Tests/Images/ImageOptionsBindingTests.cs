using CloudImageService.Configuration;
using CloudImageService.Images;
using CloudImageService.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests.Images;

/// <summary>Lists set in configuration replace the defaults rather than adding to them (the binder's default for arrays).</summary>
public class ImageOptionsBindingTests
{
    private static TOptions Bind<TOptions>(string section, params (string Key, string Value)[] settings) where TOptions : class
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<TOptions>().BindConfigurationReplacingArrays(section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<TOptions>>().Value;
    }

    [Fact]
    public void A_configured_allowlist_replaces_the_default_one() =>
        Assert.Equal(["image/png"], Bind<ImageOptions>("Images", ("Images:AllowedContentTypes:0", "image/png")).AllowedContentTypes);

    [Fact]
    public void Configured_cors_origins_replace_the_default_one() =>
        Assert.Equal(["https://a.example", "https://b.example"], Bind<StorageOptions>("Storage",
            ("Storage:CorsOrigins:0", "https://a.example"), ("Storage:CorsOrigins:1", "https://b.example")).CorsOrigins);

    [Fact]
    public void Without_configuration_the_defaults_hold()
    {
        var options = Bind<ImageOptions>("Images", ("Images:MaxTags", "3"));
        Assert.Equal(["image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/avif"], options.AllowedContentTypes);
        Assert.Equal(3, options.MaxTags);
    }
}
