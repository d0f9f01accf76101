using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace CloudImageService.AppHost;

public static class ImageApiSettings
{
    /// <summary>
    /// Every configuration section the ImageApi reads. Storage settings given here win over the ones the AppHost's
    /// <c>LocalAws:Mode</c> sets (e.g. <c>Storage:RequestBudget=00:00:10</c>).
    /// </summary>
    public static readonly string[] ForwardedSections =
        ["Auth", "Authentication", "RateLimiting", "Images", "Quotas", "Ingest", "Pagination", "Storage", "Delivery", "Shares", "ForwardedHeaders"];

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

    /// <summary>
    /// Page cursors are signed, and a cursor must work on whichever replica the next request reaches: without a
    /// configured <c>Pagination:CursorKey</c>, one key is made for this run and handed to every replica.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithCursorKeySharedByReplicas(
        this IResourceBuilder<ProjectResource> api, IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["Pagination:CursorKey"])
            ? api.WithEnvironment("Pagination__CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            : api;
}
