using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Images;
using CloudImageService.Storage.Aws;


namespace CloudImageService.Storage.S3;

/// <summary>Presigned URLs for uploading and downloading one object. Signing is local: no call to S3.</summary>
/// <remarks>
/// <see cref="QueryStringPresigner"/> signs: the URLs are the SDK's own, byte for byte, at a few µs instead of the
/// SDK's ≈ 60 µs (a list with thumbnail URLs signs 20 per request). Upload URLs are signed at now; download URLs at the
/// start of their window on <paramref name="clock"/>, corrected for the skew the SDK measured against S3.
/// </remarks>
public sealed class ObjectUrlSigner(
    IAmazonS3 s3, string bucketName, AWSCredentials? credentials = null, ILogger? logger = null, TimeProvider? clock = null)
    : IObjectUrlSigner
{
    private const int MaxPartNumber = 10_000;

    private readonly QueryStringPresigner _presigner = new(s3, bucketName, credentials, logger);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public Task<Uri> SignUploadAsync(string key, string contentType, long? contentLength, DateTime expiresAtUtc, string? sha256Base64 = null)
    {
        AwsCallLog.RecordPresigned("PutObject", bucketName, key);
        if (sha256Base64 is not null) ThrowIfNotSha256(sha256Base64);
        return Task.FromResult(new Uri(_presigner.SignUpload(key, contentType, contentLength, expiresAtUtc, sha256Base64)));
    }

    public Task<Uri> SignUploadPartAsync(string key, string uploadId, int partNumber, long contentLength, DateTime expiresAtUtc,
        string? sha256Base64 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, MaxPartNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(contentLength);
        AwsCallLog.RecordPresigned("UploadPart", bucketName, key);
        if (sha256Base64 is not null) ThrowIfNotSha256(sha256Base64);
        return Task.FromResult(new Uri(_presigner.SignUploadPart(key, uploadId, partNumber, contentLength, expiresAtUtc, sha256Base64)));
    }

    public Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy)
    {
        AwsCallLog.RecordPresigned("GetObject", bucketName, key);
        var window = policy.WindowAt(_presigner.CorrectedUtcNow(_clock));
        var expiresAt = _presigner.NotPastCredentials(window.ExpiresAt);
        return Task.FromResult(new SignedUrl(new Uri(_presigner.SignDownloadAt(key, window.SignedAt, expiresAt)), expiresAt));
    }

    public Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy, string contentType, string fileName)
    {
        AwsCallLog.RecordPresigned("GetObject", bucketName, key);
        var window = policy.WindowAt(_presigner.CorrectedUtcNow(_clock));
        var expiresAt = _presigner.NotPastCredentials(window.ExpiresAt);
        var url = _presigner.SignDownloadAt(key, window.SignedAt, expiresAt, contentType, $"inline; filename=\"{fileName}\"");
        return Task.FromResult(new SignedUrl(new Uri(url), expiresAt));
    }

    /// <summary>
    /// The origin (scheme, host and port) of every URL this signer makes: the one storage address a browser page talks
    /// to. Null while the credentials cannot be resolved, when no URL can be signed either.
    /// </summary>
    public string? StorageOrigin()
    {
        var now = DateTime.UtcNow;
        try
        {
            return new Uri(_presigner.SignDownloadAt(ObjectKeys.Original(Guid.Empty.ToString()), now, now.AddMinutes(1))).GetLeftPart(UriPartial.Authority);
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    // Anything else makes a URL that S3 refuses whatever bytes it is sent.
    private static void ThrowIfNotSha256(string sha256Base64)
    {
        if (!InputRules.IsSha256Base64(sha256Base64))
        {
            throw new ArgumentException("Expected the base64 of a 32-byte SHA-256 digest, 44 characters.", nameof(sha256Base64));
        }
    }
}
