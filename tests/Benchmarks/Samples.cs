using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.Aws;

namespace Benchmarks;

/// <summary>Inputs shaped like the service's own: an available image with thumbnails, emulator-style S3 client.</summary>
internal static class Samples
{
    public static ImageRecord Image(int i = 0)
    {
        var id = new Guid(i, 0x4d5a, 0x4b6c, 0x8d, 0x7e, 0x9f, 0x0a, 0x1b, 0x2c, 0x3d, 0x4e).ToString();
        return new ImageRecord(id, "user-1234", "image/jpeg", ["holiday", "beach"], "A day at the beach",
            new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc).AddSeconds(-i), ImageStatus.Available, ObjectKeys.Original(id))
        {
            SizeBytes = 4_412_345,
            ETag = "\"0123456789abcdef0123456789abcdef\"",
            Width = 4000,
            Height = 3000,
            Format = "jpeg",
            Sha256 = new string('a', 64),
            ThumbnailSizes = [256, 1024],
        };
    }

    /// <summary>The S3 client as the app configures it for an http emulator endpoint (AwsClientFactory).</summary>
    public static AmazonS3Client S3Client(string endpoint = "http://127.0.0.1:4568", AWSCredentials? credentials = null)
    {
        var aws = new AWSOptions { Region = RegionEndpoint.USEast1, Credentials = credentials ?? new BasicAWSCredentials("S3RVER", "S3RVER") };
        return new AmazonS3Client(aws.Credentials, AwsClientFactory.CreateS3Config(aws, new StorageOptions(), endpoint));
    }
}
