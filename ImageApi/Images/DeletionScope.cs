namespace CloudImageService.Images;

/// <summary>Which states a delete may take a record from (a delete already under way is finished in each).</summary>
public enum DeletionScope
{
    /// <summary>Any state but trashed: today's immediate delete (a trashed image answers 404 as if gone).</summary>
    AnyButTrashed,

    /// <summary>Pending or rejected: what has no verified bytes to keep, so a delete never sends it to the trash.</summary>
    Unverified,

    /// <summary>Only a trashed image: a permanent delete from the trash, emptying it, or a purge.</summary>
    Trashed,
}
