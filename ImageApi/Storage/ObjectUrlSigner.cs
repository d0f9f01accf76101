using Amazon.S3;
using Amazon.S3.Model;

namespace CloudImageService.Storage;

/// <summary>Presigned URLs for uploading and downloading one object. Signing is local: no call to S3.</summary>
public sealed class ObjectUrlSigner(IAmazonS3 s3, string bucketName)
{
    /// <summary>A PUT URL bound to the content type and, when given, the exact length: S3 refuses anything else.</summary>
    public async Task<Uri> SignUploadAsync(string key, string contentType, long? contentLength, DateTime expiresAtUtc)
    {
        var request = NewRequest(key, HttpVerb.PUT, expiresAtUtc);
        request.ContentType = contentType;
        if (contentLength is { } length) request.Headers.ContentLength = length;
        return new Uri(await s3.GetPreSignedURLAsync(request));
    }

    public async Task<Uri> SignDownloadAsync(string key, DateTime expiresAtUtc) =>
        new(await s3.GetPreSignedURLAsync(NewRequest(key, HttpVerb.GET, expiresAtUtc)));

    private GetPreSignedUrlRequest NewRequest(string key, HttpVerb verb, DateTime expiresAtUtc) => new()
    {
        BucketName = bucketName,
        Key = key,
        Verb = verb,
        Expires = expiresAtUtc,
        // Without this the SDK signs an https URL even for an http endpoint such as a local emulator.
        Protocol = IsHttpEndpoint ? Protocol.HTTP : Protocol.HTTPS,
    };

    private bool IsHttpEndpoint =>
        s3.Config.ServiceURL is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
