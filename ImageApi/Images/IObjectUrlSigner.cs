namespace CloudImageService.Images;

/// <summary>Presigned URLs for moving one object's bytes; signing is local, with no call to storage.</summary>
public interface IObjectUrlSigner
{
    /// <summary>
    /// A PUT URL bound to the content type and, when given, the exact length and the SHA-256 of the bytes (base64, sent
    /// as the <c>x-amz-checksum-sha256</c> header): storage refuses anything else.
    /// </summary>
    Task<Uri> SignUploadAsync(string key, string contentType, long? contentLength, DateTime expiresAtUtc, string? sha256Base64 = null);

    /// <summary>
    /// A PUT URL for part <paramref name="partNumber"/> (1 to 10,000) of the multipart upload <paramref name="uploadId"/>,
    /// bound to the part's exact length and, when given, its SHA-256 (base64, sent as the <c>x-amz-checksum-sha256</c>
    /// header): storage refuses anything else. Parts carry a checksum only when the upload was created for SHA-256
    /// checksums (S3's rule).
    /// </summary>
    Task<Uri> SignUploadPartAsync(string key, string uploadId, int partNumber, long contentLength, DateTime expiresAtUtc,
        string? sha256Base64 = null);

    /// <summary>
    /// A GET URL timed by <paramref name="policy"/> against storage's clock: the same key within one window gives the same
    /// URL, on any instance that signs with the same credentials.
    /// </summary>
    Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy);

    /// <summary>As the other overload, with a response that carries <paramref name="contentType"/> and an inline disposition naming <paramref name="fileName"/>.</summary>
    Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy, string contentType, string fileName);
}
