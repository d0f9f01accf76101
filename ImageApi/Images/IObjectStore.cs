namespace CloudImageService.Images;

/// <summary>Removing an image's objects: deleting an absent one succeeds, so this is safe to repeat.</summary>
public interface IObjectStore
{
    /// <summary>False where the bucket has no lifecycle rule for staged uploads, so the sweeper expires them.</summary>
    bool ExpiresStagedObjects { get; }

    Task DeleteAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken);

    /// <summary>Drops the parts of a multipart upload; one already completed, aborted or expired is fine.</summary>
    Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Staged uploads last written before <paramref name="cutoff"/>, at most one page.</summary>
    Task<IReadOnlyList<string>> FindStagedOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken);
}
