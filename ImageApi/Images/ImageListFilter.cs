using System.Globalization;

namespace CloudImageService.Images;

/// <summary>
/// What a listing shows; <c>Trashed</c> lists the trash (trashed images only) instead of the visible images.
/// <c>Order</c> says which time the listing sorts by, newest first, and which time <c>From</c> and <c>To</c> bound.
/// </summary>
public sealed record ImageListFilter(string? UserId, string? Tag, DateTime? From, DateTime? To, bool Trashed = false,
    ImageOrder Order = ImageOrder.Uploaded)
{
    /// <summary>Identifies the filters in a cursor: a position in one listing means nothing in another.</summary>
    public string Fingerprint()
    {
        List<string?> parts = [UserId, Tag, From?.Ticks.ToString(CultureInfo.InvariantCulture), To?.Ticks.ToString(CultureInfo.InvariantCulture)];
        // Absent for the upload order, so cursors issued before the timeline stay valid.
        if (Order == ImageOrder.Taken) parts.Add("taken");
        return Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(parts))))[..22];
    }
}

/// <summary>Which time a listing sorts by.</summary>
public enum ImageOrder
{
    /// <summary>When the image was uploaded (the original service's order).</summary>
    Uploaded,

    /// <summary>When the photo was taken (<see cref="ImageRecord.TimelineTime"/>): the timeline.</summary>
    Taken,
}
