using Amazon.S3;

namespace CloudImageService.Storage;

/// <summary>
/// What a presigned URL binds besides its key and expiry: the verb, the headers the request must carry with exactly
/// these values, and for an UploadPart URL the multipart upload and part it writes.
/// </summary>
internal readonly record struct PresignedRequest(
    HttpVerb Verb, string? ContentType, long? ContentLength, string? Sha256Base64, string? UploadId, int? PartNumber)
{
    public const string ChecksumHeader = "x-amz-checksum-sha256";

    public static PresignedRequest Download => new(HttpVerb.GET, null, null, null, null, null);

    public static PresignedRequest Upload(string contentType, long? contentLength, string? sha256Base64) =>
        new(HttpVerb.PUT, contentType, contentLength, sha256Base64, null, null);

    public static PresignedRequest UploadPart(string uploadId, int partNumber, long contentLength, string? sha256Base64) =>
        new(HttpVerb.PUT, null, contentLength, sha256Base64, uploadId, partNumber);

    /// <summary>The signed header names as SigV4 lists them: lowercase, sorted, ';'-separated.</summary>
    public string SignedHeaders => (ContentLength is null ? "" : "content-length;") + (ContentType is null ? "" : "content-type;") + "host"
        + (Sha256Base64 is null ? "" : ";" + ChecksumHeader);
}
