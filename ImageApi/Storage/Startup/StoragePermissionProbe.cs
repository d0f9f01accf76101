using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage.Startup;

/// <summary>
/// Asks S3 and DynamoDB whether this instance's credentials may do what the API does, with calls that change
/// nothing: a multipart upload under the staging prefix that is listed and aborted, reads and deletes of keys that do
/// not exist, writes whose condition cannot hold, and queries of every index for a key no image has. A refusal names
/// the IAM action it proves missing. Writes of objects outside the staging prefix cannot be asked without writing.
/// </summary>
public sealed class StoragePermissionProbe(IAmazonS3 s3, IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options)
{
    private const string ProbeId = "permission-probe";
    private readonly StorageOptions _storage = options.Value;

    /// <summary>
    /// The IAM actions the credentials lack and the schema's table indexes the table lacks (a service deployed before
    /// its storage stack); both empty when every probe was allowed. Outages throw.
    /// </summary>
    public async Task<StorageGaps> FindGapsAsync(CancellationToken cancellationToken)
    {
        List<(string Action, Func<Task> Call)> probes =
        [
            ("s3:ListBucket", () => s3.ListObjectsV2Async(new ListObjectsV2Request
                { BucketName = _storage.BucketName, Prefix = ImageStoreSchema.StagingKeyPrefix, MaxKeys = 1 }, cancellationToken)),
            .. ImageStoreSchema.AllObjectKeyPrefixes.SelectMany(prefix => new (string, Func<Task>)[]
            {
                ("s3:GetObject", () => s3.GetObjectMetadataAsync(_storage.BucketName, prefix + ProbeId, cancellationToken)),
                ("s3:DeleteObject", () => s3.DeleteObjectAsync(_storage.BucketName, prefix + ProbeId, cancellationToken)),
            }),
            ("dynamodb:DescribeTable", () => dynamoDb.DescribeTableAsync(_storage.TableName, cancellationToken)),
            ("dynamodb:GetItem", () => dynamoDb.GetItemAsync(new GetItemRequest { TableName = _storage.TableName, Key = ProbeKey }, cancellationToken)),
            ("dynamodb:BatchGetItem", () => dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
                { RequestItems = new() { [_storage.TableName] = new KeysAndAttributes { Keys = [ProbeKey] } } }, cancellationToken)),
            ("dynamodb:PutItem", () => dynamoDb.PutItemAsync(new PutItemRequest
                { TableName = _storage.TableName, Item = ProbeKey, ConditionExpression = "attribute_exists(#id)", ExpressionAttributeNames = IdName },
                cancellationToken)),
            ("dynamodb:UpdateItem", () => dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _storage.TableName, Key = ProbeKey, UpdateExpression = "REMOVE #probe",
                ConditionExpression = "attribute_exists(#id)",
                ExpressionAttributeNames = new(IdName) { ["#probe"] = ProbeId },
            }, cancellationToken)),
            ("dynamodb:DeleteItem", () => dynamoDb.DeleteItemAsync(new DeleteItemRequest
                { TableName = _storage.TableName, Key = ProbeKey, ConditionExpression = "attribute_exists(#id)", ExpressionAttributeNames = IdName },
                cancellationToken)),
            ("dynamodb:Scan", () => dynamoDb.ScanAsync(new ScanRequest { TableName = _storage.TableName, Limit = 1 }, cancellationToken)),
        ];

        var missing = new List<string>();
        foreach (var (action, call) in probes)
        {
            if (await IsDeniedAsync(call)) missing.Add(action);
        }
        var missingIndexes = new List<string>();
        foreach (var index in ImageStoreSchema.Table.GlobalSecondaryIndexes)
        {
            try
            {
                if (await IsDeniedAsync(() => QueryNothingAsync(index, cancellationToken))) missing.Add("dynamodb:Query");
            }
            catch (AmazonDynamoDBException exception) when (IsMissingIndex(exception))
            {
                missingIndexes.Add(index.Name);
            }
        }
        missing.AddRange(await ProbeMultipartAsync(cancellationToken));
        return new StorageGaps([.. missing.Distinct()], missingIndexes);
    }

    private Task<QueryResponse> QueryNothingAsync(IndexDefinition index, CancellationToken cancellationToken) => dynamoDb.QueryAsync(new QueryRequest
    {
        TableName = _storage.TableName,
        IndexName = index.Name,
        KeyConditionExpression = "#key = :key",
        ExpressionAttributeNames = new() { ["#key"] = index.PartitionKey.Name },
        ExpressionAttributeValues = new() { [":key"] = new AttributeValue { S = ProbeId } },
        Limit = 1,
    }, cancellationToken);

    /// <summary>DynamoDB (and dynalite) answer a query of an index the table lacks with this validation error.</summary>
    private static bool IsMissingIndex(AmazonDynamoDBException exception) =>
        exception.ErrorCode == "ValidationException" && exception.Message.Contains("specified index", StringComparison.OrdinalIgnoreCase);

    private async Task<IEnumerable<string>> ProbeMultipartAsync(CancellationToken cancellationToken)
    {
        var key = ImageStoreSchema.StagingKeyPrefix + ProbeId;
        string uploadId;
        try
        {
            uploadId = (await s3.InitiateMultipartUploadAsync(_storage.BucketName, key, cancellationToken)).UploadId;
        }
        catch (AmazonServiceException exception) when (IsAccessDenied(exception))
        {
            // Without it there is no upload to list or abort: ask with an id that does not exist (NoSuchUpload when allowed).
            uploadId = ProbeId;
            return ["s3:PutObject", .. await ListAndAbortAsync(key, uploadId, cancellationToken)];
        }
        return await ListAndAbortAsync(key, uploadId, cancellationToken);
    }

    private async Task<IEnumerable<string>> ListAndAbortAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        if (await IsDeniedAsync(() => s3.ListPartsAsync(new ListPartsRequest { BucketName = _storage.BucketName, Key = key, UploadId = uploadId }, cancellationToken)))
        {
            missing.Add("s3:ListMultipartUploadParts");
        }
        if (await IsDeniedAsync(() => s3.AbortMultipartUploadAsync(_storage.BucketName, key, uploadId, cancellationToken)))
        {
            missing.Add("s3:AbortMultipartUpload");
        }
        return missing;
    }

    private static async Task<bool> IsDeniedAsync(Func<Task> call)
    {
        try
        {
            await call();
            return false;
        }
        catch (AmazonServiceException exception) when (IsAccessDenied(exception))
        {
            return true;
        }
        catch (AmazonServiceException exception) when (exception is ConditionalCheckFailedException || exception.StatusCode == HttpStatusCode.NotFound)
        {
            // Authorized, and refused only for the state: exactly what a probe expects.
            return false;
        }
    }

    /// <summary>
    /// AWS's refusal of the credentials' permissions (S3: 403 AccessDenied; DynamoDB: AccessDeniedException). A HEAD's
    /// 403 has no body to name its code, so it counts too; other 403s (SignatureDoesNotMatch, RequestTimeTooSkewed,
    /// ExpiredToken) name a code and are not a policy's verdict.
    /// </summary>
    public static bool IsAccessDenied(AmazonServiceException exception) =>
        exception.ErrorCode is "AccessDenied" or "AccessDeniedException"
        || (exception.StatusCode == HttpStatusCode.Forbidden && exception.ErrorCode is null or "" or "Forbidden");

    private static Dictionary<string, AttributeValue> ProbeKey => new() { [ImageStoreSchema.ImageId] = new AttributeValue { S = ProbeId } };

    private static Dictionary<string, string> IdName => new() { ["#id"] = ImageStoreSchema.ImageId };
}

/// <summary>What the deployment lacks for the API's calls: IAM actions, and indexes of the table.</summary>
public sealed record StorageGaps(IReadOnlyList<string> MissingActions, IReadOnlyList<string> MissingIndexes)
{
    public bool IsEmpty => MissingActions.Count == 0 && MissingIndexes.Count == 0;
}
