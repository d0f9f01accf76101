namespace AppHost.Tests.DeployedPolicy;

/// <summary>One authorization IAM makes: an action on a resource, with the condition keys the request carries.</summary>
public sealed record IamRequest(string Action, string Resource, IReadOnlyDictionary<string, string> Context, RecordedCall Call);

/// <summary>
/// Which IAM actions authorize each API operation, on which resources, as AWS documents them (written once, here):
/// S3: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html and, for multipart
/// uploads, https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions;
/// DynamoDB: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html.
/// </summary>
public static class IamRequests
{
    public const string Account = "123456789012";
    public const string Region = "us-east-1";

    private static readonly Dictionary<string, string> NoContext = [];

    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    public static string TableArn(string table) => $"arn:aws:dynamodb:{Region}:{Account}:table/{table}";

    public static IEnumerable<IamRequest> For(RecordedCall call) => call.Service switch
    {
        "s3" => ForS3(call),
        "dynamodb" => ForDynamoDb(call),
        _ => throw Unmapped(call),
    };

    private static IEnumerable<IamRequest> ForS3(RecordedCall call)
    {
        var bucket = call.Bucket ?? throw Unmapped(call);
        IEnumerable<IamRequest> OnObjects(string action) =>
            (call.Keys ?? throw Unmapped(call)).Select(key => new IamRequest(action, $"{BucketArn(bucket)}/{key}", NoContext, call));

        return call.Operation switch
        {
            // InitiateMultipartUpload is the SDK's name for CreateMultipartUpload.
            "PutObject" or "InitiateMultipartUpload" or "UploadPart" or "CompleteMultipartUpload" => OnObjects("s3:PutObject"),
            "GetObject" or "HeadObject" => OnObjects("s3:GetObject"),
            "DeleteObject" or "DeleteObjects" => OnObjects("s3:DeleteObject"),
            "ListParts" => OnObjects("s3:ListMultipartUploadParts"),
            "AbortMultipartUpload" => OnObjects("s3:AbortMultipartUpload"),
            "CopyObject" =>
            [
                new IamRequest("s3:GetObject", $"{BucketArn(call.SourceBucket ?? bucket)}/{call.SourceKey}", NoContext, call),
                .. OnObjects("s3:PutObject"),
            ],
            "ListObjectsV2" or "ListObjects" =>
                [new IamRequest("s3:ListBucket", BucketArn(bucket), new Dictionary<string, string> { ["s3:prefix"] = call.Prefix ?? "" }, call)],
            "HeadBucket" => [new IamRequest("s3:ListBucket", BucketArn(bucket), NoContext, call)],
            _ => throw Unmapped(call),
        };
    }

    private static IEnumerable<IamRequest> ForDynamoDb(RecordedCall call)
    {
        var tables = (call.Table ?? throw Unmapped(call)).Split(',');
        var action = call.Operation switch
        {
            "GetItem" or "PutItem" or "UpdateItem" or "DeleteItem" or "Query" or "Scan" or "DescribeTable"
                or "BatchWriteItem" or "BatchGetItem" => $"dynamodb:{call.Operation}",
            _ => throw Unmapped(call),
        };
        return tables.Select(table => new IamRequest(
            action, call.Index is null ? TableArn(table) : $"{TableArn(table)}/index/{call.Index}", NoContext, call));
    }

    private static InvalidOperationException Unmapped(RecordedCall call) =>
        new($"No IAM action is mapped for {call}: add it to {nameof(IamRequests)} from AWS's service authorization reference.");
}
