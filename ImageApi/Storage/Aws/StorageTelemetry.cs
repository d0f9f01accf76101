using System.Diagnostics;

namespace CloudImageService.Storage.Aws;

/// <summary>
/// Spans around every S3 and DynamoDB call, named like the AWS SDK's own instrumentation would name them
/// (OpenTelemetry.Instrumentation.AWS is not served here). The SDK's HTTP request shows as a child span.
/// </summary>
public static class StorageTelemetry
{
    public const string SourceName = "CloudImageService.Storage";
    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartS3(string operation, string bucket, string? key = null)
    {
        var activity = Source.StartActivity($"S3.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", "S3");
        activity?.SetTag("rpc.method", operation);
        activity?.SetTag("aws.s3.bucket", bucket);
        if (key is not null) activity?.SetTag("aws.s3.key", key);
        return activity;
    }

    public static Activity? StartDynamoDb(string operation, string table, string? index = null)
    {
        var activity = Source.StartActivity($"DynamoDB.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", "DynamoDB");
        activity?.SetTag("rpc.method", operation);
        activity?.SetTag("db.system", "dynamodb");
        activity?.SetTag("aws.dynamodb.table_names", table);
        if (index is not null) activity?.SetTag("aws.dynamodb.index_name", index);
        return activity;
    }
}
