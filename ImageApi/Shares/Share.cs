namespace CloudImageService.Shares;

/// <summary>
/// A public link to some of one owner's images. <see cref="Id"/> is the SHA-256 of the link's secret token
/// (base64url): it names the link to its owner and is how the store finds it, while the token itself is never stored.
/// </summary>
public sealed record Share(
    string Id,
    string OwnerId,
    IReadOnlyList<string> ImageIds,
    string? Title,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    bool AllowOriginal)
{
    /// <summary>When the owner revoked the link; null while it was not.</summary>
    public DateTime? RevokedAt { get; init; }

    public ShareState StateAt(DateTime now) =>
        RevokedAt is not null ? ShareState.Revoked : now >= ExpiresAt ? ShareState.Expired : ShareState.Active;
}

public enum ShareState
{
    Active,
    Expired,
    Revoked,
}
