using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3.Model;

namespace CloudImageService.Storage.Aws;

/// <summary>
/// A handler at the front of every AWS SDK client's pipeline that records the request it is about to send (its
/// retries are the same call), so what is recorded is exactly what the SDK sends.
/// </summary>
public sealed class AwsCallRecorder : PipelineHandler
{
    public static void Register() => RuntimePipelineCustomizerRegistry.Instance.Register(new Customizer());

    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        Record(executionContext.RequestContext.OriginalRequest);
        return base.InvokeAsync<T>(executionContext);
    }

    public override void InvokeSync(IExecutionContext executionContext)
    {
        Record(executionContext.RequestContext.OriginalRequest);
        base.InvokeSync(executionContext);
    }

    private static void Record(AmazonWebServiceRequest request)
    {
        if (Describe(request) is { } call) AwsCallLog.Record(call);
    }

    private static AwsCall? Describe(AmazonWebServiceRequest request)
    {
        var operation = request.GetType().Name.EndsWith("Request", StringComparison.Ordinal)
            ? request.GetType().Name[..^"Request".Length]
            : request.GetType().Name;
        return request switch
        {
            CopyObjectRequest copy => new AwsCall("s3", operation, copy.DestinationBucket, [copy.DestinationKey],
                SourceBucket: copy.SourceBucket, SourceKey: copy.SourceKey),
            DeleteObjectsRequest delete => new AwsCall("s3", operation, delete.BucketName, [.. delete.Objects.Select(item => item.Key)]),
            ListObjectsV2Request list => new AwsCall("s3", operation, list.BucketName, Prefix: list.Prefix ?? ""),
            ListObjectsRequest list => new AwsCall("s3", operation, list.BucketName, Prefix: list.Prefix ?? ""),
            // GetObjectMetadata is the SDK's name for HeadObject.
            GetObjectMetadataRequest head => new AwsCall("s3", "HeadObject", head.BucketName, [head.Key]),
            QueryRequest query => new AwsCall("dynamodb", operation, Table: query.TableName, Index: query.IndexName),
            ScanRequest scan => new AwsCall("dynamodb", operation, Table: scan.TableName, Index: scan.IndexName),
            BatchWriteItemRequest batch => new AwsCall("dynamodb", operation, Table: string.Join(',', batch.RequestItems.Keys)),
            BatchGetItemRequest batch => new AwsCall("dynamodb", operation, Table: string.Join(',', batch.RequestItems.Keys)),
            _ when request.GetType().Namespace == typeof(GetItemRequest).Namespace =>
                new AwsCall("dynamodb", operation, Table: Property(request, "TableName")),
            _ when request.GetType().Namespace == typeof(GetObjectRequest).Namespace =>
                new AwsCall("s3", operation, Property(request, "BucketName"), Property(request, "Key") is { } key ? [key] : null),
            _ => new AwsCall(request.GetType().Namespace ?? "unknown", operation),
        };
    }

    private static string? Property(AmazonWebServiceRequest request, string name) =>
        request.GetType().GetProperty(name)?.GetValue(request) as string;

    private sealed class Customizer : IRuntimePipelineCustomizer
    {
        public string UniqueName => nameof(AwsCallRecorder);

        public void Customize(Type type, RuntimePipeline pipeline) => pipeline.AddHandlerBefore<Marshaller>(new AwsCallRecorder());
    }
}
