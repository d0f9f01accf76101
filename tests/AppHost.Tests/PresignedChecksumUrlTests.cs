using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Storage.S3;

namespace AppHost.Tests;

/// <summary>
/// Checksummed upload and UploadPart URLs from our presigner against s3rver, which verifies SigV4: requests that carry
/// exactly the signed length and checksum go through, others are refused. s3rver does not compare the bytes with the
/// checksum (S3 does), so these prove the URLs and the headers a client must send, not S3's BadDigest.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class PresignedChecksumUrlTests(ImageServiceFixture service)
{
    private const string Bucket = "images-bucket";
    private const int MinimumPartSize = 5 * 1024 * 1024;

    private readonly ObjectUrlSigner _signer = new(service.Storage.S3, Bucket, new BasicAWSCredentials("S3RVER", "S3RVER"));

    private static DateTime Expires => DateTime.UtcNow.AddMinutes(15);

    [Fact]
    public async Task Parts_put_with_their_signed_length_and_checksum_complete_the_object()
    {
        var key = NewKey();
        var bytes = RandomNumberGenerator.GetBytes(MinimumPartSize + 1234);
        byte[][] parts = [bytes[..MinimumPartSize], bytes[MinimumPartSize..]];
        var uploadId = await StartMultipartUploadAsync(key);

        var etags = new List<PartETag>();
        for (var number = 1; number <= parts.Length; number++)
        {
            var part = parts[number - 1];
            var url = await _signer.SignUploadPartAsync(key, uploadId, number, part.Length, Expires, Sha256(part));
            using var put = await PutAsync(url, part, Sha256(part));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            etags.Add(new PartETag(number, put.Headers.ETag!.Tag));
        }
        await service.Storage.S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = etags,
        });

        Assert.Equal(bytes, await service.Storage.ReadAsync(key));
    }

    [Fact]
    public async Task A_part_sent_with_another_checksum_or_length_than_signed_is_refused()
    {
        var key = NewKey();
        var part = RandomNumberGenerator.GetBytes(1000);
        var uploadId = await StartMultipartUploadAsync(key);
        var url = await _signer.SignUploadPartAsync(key, uploadId, 1, part.Length, Expires, Sha256(part));

        using var otherChecksum = await PutAsync(url, part, Sha256(part[..^1]));
        using var otherLength = await PutAsync(url, part[..^1], Sha256(part));
        using var noChecksum = await PutAsync(url, part, sha256Base64: null);

        Assert.All([otherChecksum, otherLength, noChecksum], put => Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode));
        Assert.Contains("SignatureDoesNotMatch", await otherChecksum.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_url_with_a_checksum_takes_the_bytes_only_with_that_checksum_header()
    {
        var key = NewKey();
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var url = await _signer.SignUploadAsync(key, "image/png", bytes.Length, Expires, Sha256(bytes));

        using var otherChecksum = await PutAsync(url, bytes, Sha256(bytes[..^1]), "image/png");
        using var signed = await PutAsync(url, bytes, Sha256(bytes), "image/png");

        Assert.Equal(HttpStatusCode.Forbidden, otherChecksum.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(bytes, await service.Storage.ReadAsync(key));
    }

    private static string NewKey() => "uploads/checksum-" + Guid.NewGuid();

    private static string Sha256(byte[] bytes) => Convert.ToBase64String(SHA256.HashData(bytes));

    private async Task<string> StartMultipartUploadAsync(string key) =>
        (await service.Storage.S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        })).UploadId;

    private async Task<HttpResponseMessage> PutAsync(Uri url, byte[] bytes, string? sha256Base64, string? contentType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(bytes) };
        if (contentType is not null) request.Content.Headers.ContentType = new(contentType);
        if (sha256Base64 is not null) request.Headers.Add("x-amz-checksum-sha256", sha256Base64);
        return await service.Plain.SendAsync(request);
    }
}
