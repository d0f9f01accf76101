using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;

namespace CloudImageService.Storage.Aws;

/// <summary>
/// Builds the AWS SDK client configurations. Endpoints come from the SDK's own variables
/// (<c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL_DYNAMODB</c>, or <c>AWS_ENDPOINT_URL</c> for both); region and
/// credentials from <see cref="AWSOptions"/> and the default credential chain.
/// </summary>
public static class AwsClientFactory
{
    public const string S3EndpointVariable = "AWS_ENDPOINT_URL_S3";
    public const string DynamoDbEndpointVariable = "AWS_ENDPOINT_URL_DYNAMODB";
    public const string SharedEndpointVariable = "AWS_ENDPOINT_URL";

    public static AmazonS3Config CreateS3Config(AWSOptions aws, StorageOptions storage, string? endpoint)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = storage.ForcePathStyle || endpoint is not null,
            // Emulators (and presigned URLs handed to plain HTTP clients) must not carry flexible-checksum parameters.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        return Apply(config, aws, storage, endpoint);
    }

    /// <summary>The S3 configuration for server-side copies and multipart completions: attempts of <see cref="StorageOptions.CopyTimeout"/>.</summary>
    public static AmazonS3Config CreateS3CopyConfig(AWSOptions aws, StorageOptions storage, string? endpoint)
    {
        var config = CreateS3Config(aws, storage, endpoint);
        config.Timeout = storage.CopyTimeout;
        return config;
    }

    public static AmazonDynamoDBConfig CreateDynamoDbConfig(AWSOptions aws, StorageOptions storage, string? endpoint) =>
        Apply(new AmazonDynamoDBConfig(), aws, storage, endpoint);

    public static string? S3Endpoint(IConfiguration configuration) =>
        NullIfEmpty(configuration[S3EndpointVariable]) ?? NullIfEmpty(configuration[SharedEndpointVariable]);

    public static string? DynamoDbEndpoint(IConfiguration configuration) =>
        NullIfEmpty(configuration[DynamoDbEndpointVariable]) ?? NullIfEmpty(configuration[SharedEndpointVariable]);

    private static TConfig Apply<TConfig>(TConfig config, AWSOptions aws, StorageOptions storage, string? endpoint)
        where TConfig : ClientConfig
    {
        var region = aws.Region ?? FallbackRegion(endpoint);
        config.Timeout = storage.RequestTimeout;
        config.MaxErrorRetry = 2;
        if (endpoint is not null)
        {
            // A ServiceURL replaces the region endpoint; the region then only scopes the signature.
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region?.SystemName;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = region;
        }
        return config;
    }

    // Emulators accept any region; real AWS without a configured region falls through to the SDK's own resolution.
    private static RegionEndpoint? FallbackRegion(string? endpoint) =>
        endpoint is null ? null : RegionEndpoint.USEast1;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
