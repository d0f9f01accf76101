using System.Globalization;
using CloudImageService.Images;

namespace ImageApi.Tests.Images;

/// <summary>URLs that name the key and the expiry as a presigned URL would, signed by no one: nothing can be sent to them.</summary>
internal sealed class FakeUrlSigner(TimeProvider clock) : IObjectUrlSigner
{
    public static readonly Uri Storage = new("https://storage.invalid/images-bucket/");

    public Task<Uri> SignUploadAsync(string key, string contentType, long? contentLength, DateTime expiresAtUtc, string? sha256Base64 = null) =>
        Task.FromResult(Url(key, expiresAtUtc));

    public Task<Uri> SignUploadPartAsync(string key, string uploadId, int partNumber, long contentLength, DateTime expiresAtUtc,
        string? sha256Base64 = null) =>
        Task.FromResult(Url($"{key}?partNumber={partNumber}&uploadId={uploadId}", expiresAtUtc));

    public Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy)
    {
        var window = policy.WindowAt(clock.GetUtcNow().UtcDateTime);
        return Task.FromResult(new SignedUrl(Url(key, window.ExpiresAt), window.ExpiresAt));
    }

    public Task<SignedUrl> SignDownloadAsync(string key, DownloadUrlPolicy policy, string contentType, string fileName) =>
        SignDownloadAsync(key, policy);

    private static Uri Url(string keyAndQuery, DateTime expiresAtUtc)
    {
        var separator = keyAndQuery.Contains('?') ? '&' : '?';
        return new Uri(Storage, $"{keyAndQuery}{separator}expires={expiresAtUtc.ToString("O", CultureInfo.InvariantCulture)}");
    }
}
