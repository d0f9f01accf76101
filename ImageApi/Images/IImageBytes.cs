namespace CloudImageService.Images;

/// <summary>What ingest does with an image's objects: describe and read the staged upload, copy it to its final key, write thumbnails.</summary>
public interface IImageBytes
{
    /// <summary>The object's metadata, or null when nothing was uploaded.</summary>
    Task<StoredObject?> DescribeAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The object with its metadata, from one GET; with <paramref name="eTag"/>, only if the object still has that ETag.
    /// Null when the object is gone (a delete can race a verification) or changed.
    /// </summary>
    Task<OpenedObject?> OpenAsync(string key, string? eTag, CancellationToken cancellationToken);

    /// <summary>
    /// A server-side copy with our type and caching in place of the uploader's metadata; with <paramref name="sourceETag"/>,
    /// only that content. The copy's ETag; null when the source is gone or no longer has that ETag.
    /// </summary>
    Task<string?> CopyAsync(string sourceKey, string destinationKey, string contentType, string? sourceETag, CancellationToken cancellationToken);

    /// <summary>Writes an object that never changes (thumbnails: their key names their recipe).</summary>
    Task PutAsync(string key, byte[] bytes, string contentType, CancellationToken cancellationToken);
}
