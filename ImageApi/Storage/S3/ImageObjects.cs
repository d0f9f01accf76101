using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Images;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage.S3;

/// <summary>
/// The few S3 object operations the API itself performs (the bytes themselves travel by presigned URL). Copies and
/// multipart completions go through <paramref name="copies"/>, a client whose attempts may take
/// <see cref="StorageOptions.CopyTimeout"/>: S3 answers them only once it has worked through the whole object.
/// </summary>
public sealed class ImageObjects(
    IAmazonS3 s3,
    [FromKeyedServices(ImageObjects.CopyClient)] IAmazonS3 copies,
    IOptions<StorageOptions> options) : IObjectStore, IMultipartUploads, IImageBytes
{
    /// <summary>The service key of the S3 client for copies and multipart completions.</summary>
    public const string CopyClient = "s3-copies";

    /// <summary>Originals and thumbnails never change under their key, and only their owner's URLs reach them.</summary>
    public const string ImmutableCaching = "private, max-age=31536000, immutable";

    private readonly string _bucket = options.Value.BucketName;

    /// <summary>Only a bucket the API created without lifecycle rules (s3rver) lacks the rule that expires the staging prefix.</summary>
    public bool ExpiresStagedObjects { get; } = options.Value is not { CreateResources: true, EnableLifecycleRules: false };

    /// <summary>The object's metadata, or null when nothing was uploaded.</summary>
    public async Task<StoredObject?> DescribeAsync(string key, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("HeadObject", _bucket, key);
        return await OrWhenMissingAsync<StoredObject?>(async () =>
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new StoredObject(head.ContentLength, head.Headers.ContentType, head.ETag);
        }, whenMissing: null);
    }

    /// <summary>
    /// A server-side copy: the bytes never pass through the API. The copy's metadata is replaced by ours (the type and
    /// caching we set), so no header an uploader chose (Content-Disposition, Content-Encoding…) reaches downloads.
    /// With <paramref name="sourceETag"/>, only that content is copied (S3 checks it). The copy's ETag; null when the
    /// source is gone or no longer has that ETag.
    /// </summary>
    public async Task<string?> CopyAsync(
        string sourceKey, string destinationKey, string contentType, string? sourceETag, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("CopyObject", _bucket, destinationKey);
        return await OrWhenMissingAsync<string?>(async () =>
        {
            var response = await copies.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = _bucket,
                SourceKey = sourceKey,
                DestinationBucket = _bucket,
                DestinationKey = destinationKey,
                ETagToMatch = sourceETag,
                MetadataDirective = S3MetadataDirective.REPLACE,
                ContentType = contentType,
                Headers = { CacheControl = ImmutableCaching },
            }, cancellationToken);
            return response.ETag;
        }, whenMissing: null);
    }

    /// <summary>
    /// The object with its metadata, from one GET; with <paramref name="eTag"/>, only if the object still has that ETag.
    /// Null when the object is gone (a delete can race a verification) or changed. A response the SDK cannot read is
    /// asked for once more (nothing has been read from it yet).
    /// </summary>
    public async Task<OpenedObject?> OpenAsync(string key, string? eTag, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("GetObject", _bucket, key);
        try
        {
            return await OpenOnceAsync(key, eTag, cancellationToken);
        }
        catch (Exception exception) when (UnreadableResponse.Is(exception))
        {
            return await OpenOnceAsync(key, eTag, cancellationToken);
        }
    }

    private Task<OpenedObject?> OpenOnceAsync(string key, string? eTag, CancellationToken cancellationToken) =>
        OrWhenMissingAsync<OpenedObject?>(async () =>
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key, EtagToMatch = eTag }, cancellationToken);
            return new OpenedObject(new StoredObject(response.ContentLength, response.Headers.ContentType, response.ETag), response.ResponseStream, response);
        }, whenMissing: null);

    public async Task PutAsync(string key, byte[] bytes, string contentType, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("PutObject", _bucket, key);
        using var body = new MemoryStream(bytes, writable: false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            Headers = { ContentLength = bytes.Length, CacheControl = ImmutableCaching },
        }, cancellationToken);
    }

    public async Task<string> StartAsync(string key, string contentType, bool checksummedParts, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("CreateMultipartUpload", _bucket, key);
        var response = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            ContentType = contentType,
            ChecksumAlgorithm = checksummedParts ? ChecksumAlgorithm.SHA256 : null,
        }, cancellationToken);
        return response.UploadId;
    }

    public async Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("ListParts", _bucket, key);
        return await OrWhenMissingAsync<IReadOnlyList<UploadedPart>?>(async () =>
        {
            var parts = new List<UploadedPart>();
            int? marker = null;
            do
            {
                var page = await s3.ListPartsAsync(new ListPartsRequest
                {
                    BucketName = _bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumberMarker = marker?.ToString(CultureInfo.InvariantCulture),
                }, cancellationToken);
                parts.AddRange((page.Parts ?? []).Select(part =>
                    new UploadedPart(part.PartNumber ?? 0, part.Size ?? 0, part.ETag, part.ChecksumSHA256)));
                marker = page.IsTruncated == true ? page.NextPartNumberMarker : null;
            }
            while (marker is not null);
            return parts;
        }, whenMissing: null);
    }

    /// <summary>Assembles the parts into the object at <paramref name="key"/>; false when the upload no longer exists.</summary>
    public async Task<bool> CompleteMultipartAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("CompleteMultipartUpload", _bucket, key);
        return await OrWhenMissingAsync(async () =>
        {
            await copies.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = [.. parts.Select(part => new PartETag(part.PartNumber, part.ETag) { ChecksumSHA256 = part.Sha256Base64 })],
            }, cancellationToken);
            return true;
        }, whenMissing: false);
    }

    public async Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("AbortMultipartUpload", _bucket, key);
        await OrWhenMissingAsync(async () =>
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, cancellationToken);
            return true;
        }, whenMissing: false);
    }

    /// <summary>
    /// Runs an S3 call; S3's 404 (no such key, no such upload) and 412 (the object no longer has the ETag asked for)
    /// give <paramref name="whenMissing"/> instead.
    /// </summary>
    private static async Task<T> OrWhenMissingAsync<T>(Func<Task<T>> call, T whenMissing)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            return whenMissing;
        }
    }

    /// <summary>Deletes each object (absent ones included) with one request per key, which every S3 emulator supports.</summary>
    public Task DeleteAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Distinct().Select(key => DeleteAsync(key, cancellationToken)));

    public Task<IReadOnlyList<string>> FindStagedOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        FindOlderThanAsync(ImageStoreSchema.StagingKeyPrefix, cutoff, cancellationToken);

    private async Task<IReadOnlyList<string>> FindOlderThanAsync(string prefix, DateTime cutoff, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("ListObjectsV2", _bucket, prefix);
        var response = await s3.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = 1000 }, cancellationToken);
        return [.. (response.S3Objects ?? []).Where(item => item.LastModified < cutoff).Select(item => item.Key)];
    }

    /// <summary>Deletes the object; deleting an absent object succeeds, so this is safe to repeat.</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartS3("DeleteObject", _bucket, key);
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
    }
}
