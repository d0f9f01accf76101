using Amazon.S3;

namespace CloudImageService.Storage.S3;

/// <summary>
/// What a presigned URL binds besides its key and expiry: the verb, the headers the request must carry with exactly
/// these values, for an UploadPart URL the multipart upload and part it writes, and for a GET URL the response headers
/// S3 must answer with (<c>response-content-type</c>, <c>response-content-disposition</c>).
/// </summary>
internal readonly record struct PresignedRequest(
    HttpVerb Verb, string? ContentType, long? ContentLength, string? Sha256Base64, string? UploadId, int? PartNumber,
    string? ResponseContentType = null, string? ResponseContentDisposition = null)
{
    public const string ChecksumHeader = "x-amz-checksum-sha256";

    public static PresignedRequest Download => new(HttpVerb.GET, null, null, null, null, null);

    /// <summary>A GET URL with response overrides; the SDK leaves an empty one out, and so does this.</summary>
    public static PresignedRequest DownloadServing(string? responseContentType, string? responseContentDisposition) =>
        Download with
        {
            ResponseContentType = string.IsNullOrEmpty(responseContentType) ? null : responseContentType,
            ResponseContentDisposition = string.IsNullOrEmpty(responseContentDisposition) ? null : responseContentDisposition,
        };

    public static PresignedRequest Upload(string contentType, long? contentLength, string? sha256Base64) =>
        new(HttpVerb.PUT, contentType, contentLength, sha256Base64, null, null);

    public static PresignedRequest UploadPart(string uploadId, int partNumber, long contentLength, string? sha256Base64) =>
        new(HttpVerb.PUT, null, contentLength, sha256Base64, uploadId, partNumber);

    /// <summary>The signed header names as SigV4 lists them: lowercase, sorted, ';'-separated.</summary>
    public string SignedHeaders => (ContentLength is null ? "" : "content-length;") + (ContentType is null ? "" : "content-type;") + "host"
        + (Sha256Base64 is null ? "" : ";" + ChecksumHeader);
}
