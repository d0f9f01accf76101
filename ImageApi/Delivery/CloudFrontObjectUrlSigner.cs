using System.Collections.Concurrent;
using CloudImageService.Images;

namespace CloudImageService.Delivery;

/// <summary>
/// Download and thumbnail URLs on the CloudFront distribution, signed with the one key every task shares: two tasks,
/// whatever their AWS credentials, hand out the same URL for the same object within a signing window, and a refresh of
/// those credentials changes none. Uploads still go straight to S3 through <paramref name="s3"/>'s presigned URLs.
/// </summary>
/// <remarks>
/// A URL is signed at most once per window and object: the RSA operation costs about a millisecond, and a listing signs
/// twenty thumbnails, the same twenty for every visit within the window.
/// </remarks>
/// <param name="maxCachedUrls">Past this many URLs in one window the cache starts over: its memory stays bounded (about 600 bytes a URL).</param>
public sealed class CloudFrontObjectUrlSigner(
    IObjectUrlSigner s3, CloudFrontUrlSigner signer, string domain, TimeProvider? clock = null, int maxCachedUrls = CloudFrontObjectUrlSigner.MaxCachedUrls)
    : IObjectUrlSigner
{
    /// <summary>The bound of the cache of signed URLs, per window, unless the constructor names another.</summary>
    public const int MaxCachedUrls = 50_000;

    private readonly string _origin = "https://" + domain + "/";
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private WindowUrls _urls = new(default);

    /// <summary>The origin (scheme and host) browsers load images from.</summary>
    public string Origin => _origin.TrimEnd('/');

    public Task<Uri> SignUploadAsync(string key, string contentType, long? contentLength, DateTime expiresAtUtc, string? sha256Base64 = null) =>
        s3.SignUploadAsync(key, contentType, contentLength, expiresAtUtc, sha256Base64);

    public Task<Uri> SignUploadPartAsync(string key, string uploadId, int partNumber, long contentLength, DateTime expiresAtUtc,
        string? sha256Base64 = null) =>
        s3.SignUploadPartAsync(key, uploadId, partNumber, contentLength, expiresAtUtc, sha256Base64);

    public Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy) =>
        Task.FromResult(Signed(_origin + EscapedPath(key), policy));

    /// <summary>
    /// The type and disposition travel as S3's <c>response-*</c> parameters, which the distribution forwards to the bucket
    /// (its requests are signed, so S3 honours them) and leaves out of the cache key: they follow from the image alone.
    /// </summary>
    public Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy, string contentType, string fileName) =>
        Task.FromResult(Signed(
            $"{_origin}{EscapedPath(key)}?response-content-disposition={Uri.EscapeDataString($"inline; filename=\"{fileName}\"")}"
            + $"&response-content-type={Uri.EscapeDataString(contentType)}",
            policy));

    private SignedUrl Signed(string resource, DownloadUrlPolicy policy)
    {
        var window = policy.WindowAt(_clock.GetUtcNow().UtcDateTime);
        var urls = _urls;
        if (urls.SignedAt != window.SignedAt || urls.Count >= maxCachedUrls)
        {
            urls = new WindowUrls(window.SignedAt);
            _urls = urls;
        }
        var url = urls.GetOrAdd(resource, static (resource, state) =>
            state.Signer.Sign(resource, new DateTimeOffset(state.ExpiresAt, TimeSpan.Zero)), (Signer: signer, window.ExpiresAt));
        return new SignedUrl(new Uri(url), window.ExpiresAt);
    }

    private static string EscapedPath(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    private sealed class WindowUrls(DateTime signedAt) : ConcurrentDictionary<string, string>(StringComparer.Ordinal)
    {
        public DateTime SignedAt { get; } = signedAt;
    }
}
