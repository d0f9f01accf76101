using Microsoft.Extensions.Configuration;

namespace CloudImageService.AppHost;

public static class ImageApiSettings
{
    /// <summary>
    /// Hands the ImageApi the AppHost's settings of the given sections, e.g.
    /// <c>dotnet run --project AppHost -- Auth:Mode=Jwt RateLimiting:UploadPermitLimit=5000</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSettingsFrom(
        this IResourceBuilder<ProjectResource> api, IConfiguration configuration, params string[] sections)
    {
        foreach (var section in sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null) api.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }
        return api;
    }
}
