using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace AppHost.Tests;

/// <summary>Reads the emulators directly with the AWS SDK, to check what the API left behind.</summary>
public sealed class StorageProbe(Uri s3Endpoint, Uri dynamoDbEndpoint) : IDisposable
{
    private const string Bucket = "images-bucket";
    private const string Table = "images";

    private readonly AmazonS3Client _s3 = new(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
    {
        ServiceURL = s3Endpoint.ToString(),
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    private readonly AmazonDynamoDBClient _dynamoDb = new(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonDynamoDBConfig
    {
        ServiceURL = dynamoDbEndpoint.ToString(),
        AuthenticationRegion = "us-east-1",
    });

    public IAmazonS3 S3 => _s3;

    public IAmazonDynamoDB DynamoDb => _dynamoDb;

    public async Task<bool> ObjectExistsAsync(string imageId)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(Bucket, "images/" + imageId);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Every key in the bucket that belongs to the image: staged, published and derived objects.</summary>
    public async Task<List<string>> KeysOfAsync(string imageId)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket };
        ListObjectsV2Response response;
        do
        {
            response = await _s3.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(item => item.Key).Where(key => key.Contains(imageId, StringComparison.Ordinal)));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return keys;
    }

    /// <summary>When the image's staged upload was written, as a bucket listing (the sweeper's view) says; null when there is none.</summary>
    public async Task<DateTime?> StagedAtAsync(string imageId)
    {
        var key = "uploads/" + imageId;
        var response = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = key });
        return (response.S3Objects ?? []).SingleOrDefault(item => item.Key == key)?.LastModified;
    }

    public async Task<byte[]> ReadAsync(string key)
    {
        using var response = await _s3.GetObjectAsync(Bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>The stored attributes of the record, or null when there is no record.</summary>
    public async Task<Dictionary<string, AttributeValue>?> RecordAsync(string imageId)
    {
        var response = await _dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = Table,
            Key = new() { ["image_id"] = new AttributeValue { S = imageId } },
            ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>The stored status of the record, or null when there is no record.</summary>
    public Task<string?> RecordStatusAsync(string imageId) => RecordAttributeAsync(imageId, "status");

    /// <summary>One attribute of the record (a string or a number, as text), or null when it or the record is missing.</summary>
    public async Task<string?> RecordAttributeAsync(string imageId, string name) =>
        await RecordAsync(imageId) is { } item && item.TryGetValue(name, out var value) ? value.N ?? value.S : null;

    public void Dispose()
    {
        _s3.Dispose();
        _dynamoDb.Dispose();
    }
}
