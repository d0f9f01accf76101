using System.Reflection;
using CloudImageService.Delivery;
using CloudImageService.Http;
using CloudImageService.Images;
using CloudImageService.Ingest;
using CloudImageService.Security;
using CloudImageService.Shares;
using CloudImageService.Storage;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// The configuration reference (docs/configuration.md, linked from README) names every setting the options classes bind,
/// and the AppHost forwards every section.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    public static TheoryData<string, Type> Sections => new()
    {
        { ImageOptions.SectionName, typeof(ImageOptions) },
        { QuotaOptions.SectionName, typeof(QuotaOptions) },
        { IngestOptions.SectionName, typeof(IngestOptions) },
        { StorageOptions.SectionName, typeof(StorageOptions) },
        { PaginationOptions.SectionName, typeof(PaginationOptions) },
        { RateLimitOptions.SectionName, typeof(RateLimitOptions) },
        { AuthOptions.SectionName, typeof(AuthOptions) },
        { TrustedProxyOptions.SectionName, typeof(TrustedProxyOptions) },
        { DeliveryOptions.SectionName, typeof(DeliveryOptions) },
        { ShareOptions.SectionName, typeof(ShareOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_configuration_reference_names_every_setting_of_the_section(string section, Type options)
    {
        var reference = File.ReadAllText(RepositoryFiles.PathOf("docs", "configuration.md"));
        var settings = options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.CanWrite);

        Assert.All(settings, property => Assert.Contains($"`{section}:{property.Name}`", reference));
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_apphost_forwards_the_section(string section, Type _) =>
        Assert.Contains($"\"{section}\"", File.ReadAllText(RepositoryFiles.PathOf("AppHost", "ImageApiSettings.cs")));
}
