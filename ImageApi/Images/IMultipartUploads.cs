namespace CloudImageService.Images;

/// <summary>The S3 multipart upload a large image's parts go to: started, listed, signed part by part, and assembled.</summary>
public interface IMultipartUploads
{
    /// <summary>Starts one at <paramref name="key"/>; with <paramref name="checksummedParts"/>, every part must carry its SHA-256.</summary>
    Task<string> StartAsync(string key, string contentType, bool checksummedParts, CancellationToken cancellationToken);

    /// <summary>The parts stored so far, by number; null when the upload no longer exists (completed, aborted or expired).</summary>
    Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Assembles the <paramref name="parts"/> storage listed into one object at <paramref name="key"/>; false when the upload no longer exists.</summary>
    Task<bool> CompleteMultipartAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken);
}
