using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BenchmarkDotNet.Attributes;
using CloudImageService.Http;
using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.S3;

namespace Benchmarks;

/// <summary>Presigned URLs as the API signs them (ObjectUrlSigner), and the SDK's own call underneath.</summary>
public class PresignBenchmarks
{
    private static readonly DateTime Expires = DateTime.UtcNow.AddMinutes(15);
    private static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");
    private readonly AmazonS3Client _s3 = Samples.S3Client(credentials: Credentials);
    private ObjectUrlSigner _signer = null!;
    private readonly string _key = ObjectKeys.Staging(Guid.NewGuid().ToString());

    [GlobalSetup]
    public void Setup() => _signer = new ObjectUrlSigner(_s3, "images-bucket", Credentials);

    [Benchmark]
    public Task<Uri> SignUpload() => _signer.SignUploadAsync(_key, "image/png", 12_345, Expires);

    [Benchmark]
    public Task<SignedUrl> SignDownload() => _signer.SignDownloadAsync(_key, Policy);

    [Benchmark(Description = "SignDownload with response-content-type and -disposition")]
    public Task<SignedUrl> SignDownloadWithOverrides() => _signer.SignDownloadAsync(_key, Policy, "image/png", "photo.png");

    private static readonly DownloadUrlPolicy Policy = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

    [Benchmark(Description = "SDK GetPreSignedURL (GET)")]
    public string SdkGetPreSignedUrl() => _s3.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = "images-bucket",
        Key = _key,
        Verb = HttpVerb.GET,
        Expires = Expires,
        Protocol = Protocol.HTTP,
    });
}

/// <summary>ImageRecord ↔ DynamoDB item.</summary>
public class ItemMappingBenchmarks
{
    private readonly ImageRecord _record = Samples.Image();
    private Dictionary<string, AttributeValue> _item = null!;

    [GlobalSetup]
    public void Setup() => _item = ImageItemMapper.ToItem(_record);

    [Benchmark]
    public Dictionary<string, AttributeValue> ToItem() => ImageItemMapper.ToItem(_record);

    [Benchmark]
    public ImageRecord FromItem() => ImageItemMapper.FromItem(_item);
}

/// <summary>The Link header's cursor: HMAC-protected JSON.</summary>
public class CursorBenchmarks
{
    private readonly PageCursorProtector _protector = new(new byte[32], TimeProvider.System, TimeSpan.FromDays(1));
    private readonly PageCursor _cursor = new(new ImageListFilter("user-1234", null, null, null), new Dictionary<string, string>
    {
        ["image_id"] = Guid.NewGuid().ToString(),
        ["user_id"] = "user-1234",
        ["upload_time"] = "2026-11-27T12:00:00.000000Z",
    });
    private string _text = null!;

    [GlobalSetup]
    public void Setup() => _text = _protector.Protect(_cursor, issuedTo: "user-1234");

    [Benchmark]
    public string Protect() => _protector.Protect(_cursor, issuedTo: "user-1234");

    [Benchmark]
    public bool Unprotect() => _protector.TryUnprotect(_text, out _);
}

/// <summary>The body of a 20-item page, with the API's JSON options (snake_case).</summary>
public class JsonPageBenchmarks
{
    private readonly ImageResponse[] _page = [.. Enumerable.Range(0, 20).Select(i => ImageResponse.From(Samples.Image(i)))];
    private readonly ImageResponse[] _pageWithThumbnails = [.. Enumerable.Range(0, 20).Select(i => ImageResponse.From(Samples.Image(i)) with
    {
        ThumbnailUrl = new Uri($"http://127.0.0.1:4568/images-bucket/thumbnails/{i}/256.webp?X-Amz-Expires=300&X-Amz-Signature={new string('f', 64)}"),
    })];
    private readonly JsonSerializerOptions _options = ApiJson.Options();

    [Benchmark]
    public byte[] Page20() => JsonSerializer.SerializeToUtf8Bytes(_page, _options);

    [Benchmark]
    public byte[] Page20WithThumbnailUrls() => JsonSerializer.SerializeToUtf8Bytes(_pageWithThumbnails, _options);
}
