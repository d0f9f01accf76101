using System.Web;
using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.S3;

namespace ImageApi.Tests.Storage;

/// <summary>Signing is local, so these run without any S3: they pin down the URL shape clients and emulators depend on.</summary>
public class PresignedUrlTests
{
    private const string Key = "images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
    private const string UploadId = "0123456789abcdef0123456789abcdef";

    // SHA-256 of "test", base64.
    private const string Sha256 = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=";

    private static ObjectUrlSigner Signer(string? endpoint, StorageOptions? storage = null)
    {
        var aws = new AWSOptions { Region = RegionEndpoint.USEast1, Credentials = new BasicAWSCredentials("S3RVER", "S3RVER") };
        var config = AwsClientFactory.CreateS3Config(aws, storage ?? new StorageOptions(), endpoint);
        return new ObjectUrlSigner(new AmazonS3Client(aws.Credentials, config), "images-bucket");
    }

    [Fact]
    public async Task Emulator_urls_are_path_style_over_http()
    {
        var url = await Signer("http://localhost:4568").SignUploadAsync(Key, "image/png", null, DateTime.UtcNow.AddMinutes(15));

        Assert.Equal("http", url.Scheme);
        Assert.Equal("localhost:4568", url.Authority);
        Assert.Equal("/images-bucket/" + Key, url.AbsolutePath);
    }

    [Fact]
    public async Task Upload_urls_sign_the_content_type_and_carry_no_checksum_parameters()
    {
        var url = await Signer("http://localhost:4568").SignUploadAsync(Key, "image/png", null, DateTime.UtcNow.AddMinutes(15));
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.Contains("content-type", query["X-Amz-SignedHeaders"]!.Split(';'));
        Assert.DoesNotContain(query.AllKeys, name => name!.Contains("checksum", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_declared_size_is_signed_as_content_length()
    {
        var url = await Signer("http://localhost:4568").SignUploadAsync(Key, "image/png", 1234, DateTime.UtcNow.AddMinutes(15));
        var signed = HttpUtility.ParseQueryString(url.Query)["X-Amz-SignedHeaders"]!.Split(';');

        Assert.Contains("content-length", signed);
        Assert.Contains("content-type", signed);
    }

    [Fact]
    public async Task A_checksum_is_signed_as_a_header_the_upload_must_carry_and_stays_out_of_the_url()
    {
        var url = await Signer("http://localhost:4568").SignUploadAsync(Key, "image/png", 1234, DateTime.UtcNow.AddMinutes(15), Sha256);
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.Equal(["content-length", "content-type", "host", "x-amz-checksum-sha256"], query["X-Amz-SignedHeaders"]!.Split(';'));
        Assert.DoesNotContain(Uri.EscapeDataString(Sha256), url.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha256, url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Part_urls_name_the_upload_and_the_part_and_sign_its_length_and_checksum()
    {
        var url = await Signer("http://localhost:4568").SignUploadPartAsync(Key, UploadId, 7, 5_242_880, DateTime.UtcNow.AddMinutes(15), Sha256);
        var query = HttpUtility.ParseQueryString(url.Query);

        Assert.Equal("/images-bucket/" + Key, url.AbsolutePath);
        Assert.Equal(UploadId, query["uploadId"]);
        Assert.Equal("7", query["partNumber"]);
        Assert.Equal(["content-length", "host", "x-amz-checksum-sha256"], query["X-Amz-SignedHeaders"]!.Split(';'));
    }

    [Fact]
    public async Task Part_urls_without_a_checksum_sign_only_the_length()
    {
        var url = await Signer("http://localhost:4568").SignUploadPartAsync(Key, UploadId, 1, 17, DateTime.UtcNow.AddMinutes(15));

        Assert.Equal(["content-length", "host"], HttpUtility.ParseQueryString(url.Query)["X-Amz-SignedHeaders"]!.Split(';'));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public async Task Part_numbers_outside_s3s_1_to_10000_are_refused(int partNumber)
    {
        var signer = Signer("http://localhost:4568");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            signer.SignUploadPartAsync(Key, UploadId, partNumber, 17, DateTime.UtcNow.AddMinutes(15)));
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("CY9rzUYh03PK3k6DJie09g==")]
    [InlineData(" n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=")]
    public async Task A_checksum_that_is_not_the_base64_of_a_sha256_is_refused(string checksum)
    {
        var signer = Signer("http://localhost:4568");
        var expires = DateTime.UtcNow.AddMinutes(15);

        await Assert.ThrowsAsync<ArgumentException>(() => signer.SignUploadAsync(Key, "image/png", 17, expires, checksum));
        await Assert.ThrowsAsync<ArgumentException>(() => signer.SignUploadPartAsync(Key, UploadId, 1, 17, expires, checksum));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(5)]
    public async Task The_expiry_is_signed_into_the_url(int minutes)
    {
        var signed = await Signer("http://localhost:4568").SignDownloadAsync(Key, new DownloadUrlPolicy(TimeSpan.Zero, TimeSpan.FromMinutes(minutes)));
        var expires = int.Parse(HttpUtility.ParseQueryString(signed.Url.Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(expires, minutes * 60 - 1, minutes * 60); // the SDK signs here (no credentials to resolve): it rounds from its now
    }

    [Fact]
    public async Task Real_aws_urls_use_https()
    {
        var url = (await Signer(endpoint: null).SignDownloadAsync(Key, new DownloadUrlPolicy(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)))).Url;

        Assert.Equal("https", url.Scheme);
        Assert.Contains("amazonaws.com", url.Host);
    }

    [Fact]
    public void Emulator_configuration_turns_off_flexible_checksums()
    {
        var config = AwsClientFactory.CreateS3Config(new AWSOptions(), new StorageOptions(), "http://localhost:4568");

        Assert.True(config.ForcePathStyle);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
        Assert.Equal("http://localhost:4568/", config.ServiceURL);
        Assert.Equal("us-east-1", config.AuthenticationRegion);
    }
}
