namespace CloudImageService.Images;

/// <summary>Section "Pagination".</summary>
public sealed class PaginationOptions
{
    public const string SectionName = "Pagination";

    /// <summary>
    /// Base64 HMAC key (32 bytes or more) for cursors. Every instance behind one load balancer needs the same key;
    /// unset, each process makes a random one, so cursors then work only on the instance that issued them.
    /// </summary>
    public string? CursorKey { get; set; }

    /// <summary>How long a cursor from a Link header serves its caller; after that the listing starts again.</summary>
    public TimeSpan CursorLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The key; null when none is configured, empty when the configured one is unusable.</summary>
    public byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(CursorKey)) return null;
        var buffer = new byte[CursorKey.Length];
        return Convert.TryFromBase64String(CursorKey, buffer, out var length) && length >= 32 ? buffer[..length] : [];
    }
}
