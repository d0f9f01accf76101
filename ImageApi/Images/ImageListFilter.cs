using System.Globalization;

namespace CloudImageService.Images;

public sealed record ImageListFilter(string? UserId, string? Tag, DateTime? From, DateTime? To)
{
    /// <summary>Identifies the filters in a cursor: a position in one listing means nothing in another.</summary>
    public string Fingerprint() => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new[]
        {
            UserId, Tag, From?.Ticks.ToString(CultureInfo.InvariantCulture), To?.Ticks.ToString(CultureInfo.InvariantCulture),
        }))))[..22];
}
