namespace CloudImageService.Images;

/// <summary>
/// Each user's usage item, beside the image records; every change is one conditional write of that item alone (the
/// store need not offer transactions across items).
/// </summary>
public interface IUsageStore
{
    /// <summary>The user's usage item (a consistent read), or null before anything was counted for them.</summary>
    Task<UserUsage?> FindAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Creates the user's item with zero counters and an empty ledger unless it exists; idempotent.</summary>
    Task EnsureAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> when its conditions hold; false (and nothing written) otherwise.</summary>
    Task<bool> TryApplyAsync(string userId, UsageChange change, CancellationToken cancellationToken);

    /// <summary>Sets the admin's override of the user's limits; null removes one (the default applies again).</summary>
    Task SetLimitsAsync(string userId, long? bytes, long? images, CancellationToken cancellationToken);

    /// <summary>Sets the counters when the item's version is still <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> TryResetAsync(string userId, long bytes, long images, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Every record of the user, whatever its status (a Query of the user index).</summary>
    IAsyncEnumerable<ImageRecord> RecordsOfAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Every user with a record or a usage item (a Scan: for the repair command only).</summary>
    IAsyncEnumerable<string> UsersAsync(CancellationToken cancellationToken);
}
