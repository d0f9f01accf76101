namespace CloudImageService.Shares;

/// <summary>Where links are kept. Ids are the tokens' hashes; no token is ever stored.</summary>
public interface IShareStore
{
    /// <summary>Stores a new link; it lasts in storage until <paramref name="removeAfter"/> (DynamoDB TTL).</summary>
    Task CreateAsync(Share share, DateTime removeAfter, CancellationToken cancellationToken);

    /// <summary>The link with this id, active or ended; null when unknown (or already removed).</summary>
    Task<Share?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The owner's links that were not revoked (expired ones included), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Share>> ListByOwnerAsync(string ownerId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the link revoked at <paramref name="revokedAt"/> and keeps it until <paramref name="removeAfter"/> (so it
    /// answers 410); false when unknown, already revoked or, with <paramref name="ownerId"/>, another owner's.
    /// </summary>
    Task<bool> RevokeAsync(string id, string? ownerId, DateTime revokedAt, DateTime removeAfter, CancellationToken cancellationToken);
}
