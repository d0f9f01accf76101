namespace CloudImageService.Images;

/// <summary>
/// One user's usage item: what the counters hold, the admin's override of the limits (null: the default), and the
/// ledger of changes in flight, by image id. <see cref="Version"/> grows with every change of the counters.
/// </summary>
public sealed record UserUsage(
    string UserId, long Bytes, long Images, long? LimitBytes, long? LimitImages,
    IReadOnlyDictionary<string, LedgerEntry> Ledger, long Version);

/// <summary>
/// An image's change of the counters while its record catches up: a charge (counted, the record not yet available)
/// or a release (no longer counted, the record not yet removed). <see cref="At"/> is when it was written.
/// </summary>
public sealed record LedgerEntry(bool Released, long Bytes, DateTime At)
{
    public static LedgerEntry Charge(long bytes, DateTime at) => new(false, bytes, at);

    public static LedgerEntry Release(long bytes, DateTime at) => new(true, bytes, at);
}

/// <summary>
/// One conditional write of a usage item: the image's ledger entry must be <see cref="Expected"/> (null: absent), it
/// becomes <see cref="Next"/> (null: removed) and the counters move by the deltas, all in one write or not at all.
/// </summary>
public sealed record UsageChange(string ImageId, LedgerEntry? Expected, LedgerEntry? Next, long BytesDelta, long ImagesDelta)
{
    /// <summary>For a charge: the counters before must be at most these, under the limits as they were read.</summary>
    public UsageBound? Bound { get; init; }
}

/// <summary>A charge's condition: the counters at most <see cref="MaxBytes"/> and <see cref="MaxImages"/> (null: any), the overrides unchanged.</summary>
public sealed record UsageBound(long? MaxBytes, long? MaxImages, long? SeenLimitBytes, long? SeenLimitImages);
