using System.Globalization;

namespace CloudImageService.Images;

/// <summary>What a listing shows; <c>Trashed</c> lists the trash (trashed images only) instead of the visible images.</summary>
public sealed record ImageListFilter(string? UserId, string? Tag, DateTime? From, DateTime? To, bool Trashed = false)
{
    /// <summary>Identifies the filters in a cursor: a position in one listing means nothing in another.</summary>
    public string Fingerprint() => Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new[]
        {
            UserId, Tag, From?.Ticks.ToString(CultureInfo.InvariantCulture), To?.Ticks.ToString(CultureInfo.InvariantCulture),
        }))))[..22];
}
