using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage;

/// <summary>What S3 holds for one object: enough to verify an upload without reading it all.</summary>
public sealed record StoredObject(long Length, string? ContentType, string? ETag);

/// <summary>The few S3 object operations the API itself performs (the bytes themselves travel by presigned URL).</summary>
public sealed class ImageObjects(IAmazonS3 s3, IOptions<StorageOptions> options)
{
    private readonly string _bucket = options.Value.BucketName;

    /// <summary>The object's metadata, or null when nothing was uploaded.</summary>
    public async Task<StoredObject?> DescribeAsync(string key, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("HeadObject", _bucket, key);
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new StoredObject(head.ContentLength, head.Headers.ContentType, head.ETag);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> bytes (fewer if the object is shorter), by a ranged GET; null when the
    /// object is gone (a delete can race a verification).
    /// </summary>
    public async Task<byte[]?> ReadHeadAsync(string key, int count, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("GetObject", _bucket, key);
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                ByteRange = new ByteRange(0, count - 1),
            }, cancellationToken);
            var buffer = new byte[count];
            var read = await response.ResponseStream.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken);
            return buffer[..read];
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Deletes the object; deleting an absent object succeeds, so this is safe to repeat.</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("DeleteObject", _bucket, key);
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
    }
}
