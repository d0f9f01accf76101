using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using CloudImageService.Storage.Schema;
using Constructs;

namespace CloudImageService.Infra;

public sealed record ApiAccessPolicyProps(IBucket Bucket, ITable Table);

/// <summary>
/// What the ImageApi may do, and nothing more: attach this managed policy to the role or user the API runs as.
/// Presigned URLs are signed with the API's credentials, so browser uploads and downloads need these object actions too.
/// The object actions cover every prefix of <see cref="ImageStoreSchema.AllObjectKeyPrefixes"/>: upload URLs write
/// <c>uploads/</c>, ingest copies server-side to <c>images/</c> (CopyObject needs GetObject on the source and PutObject on
/// the destination) and writes <c>thumbnails/</c>, and deletion removes all three. Uploads in parts are staged only, so
/// listing and aborting their parts is granted on the staging prefix alone.
/// </summary>
public sealed class ApiAccessPolicy : Construct
{
    public static readonly string[] ObjectActions = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"];

    /// <summary>
    /// ListParts (confirming or resuming an upload in parts) and AbortMultipartUpload (deleting or sweeping one). Create,
    /// UploadPart and Complete are authorized by s3:PutObject.
    /// </summary>
    public static readonly string[] MultipartActions = ["s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"];

    /// <summary>HeadBucket (the readiness check) is authorized by s3:ListBucket.</summary>
    public static readonly string[] BucketActions = ["s3:ListBucket"];

    /// <summary>
    /// What the API lists: the staging prefix (the sweeper looks for abandoned uploads). A listing of any other prefix is
    /// refused. The condition holds only where the request names a prefix (<c>IfExists</c>): HeadBucket names none, and
    /// neither does the existence check S3 makes to answer a GET or HEAD of a missing object with 404 instead of 403, which
    /// the API relies on; IAM cannot tell those from a listing without a prefix.
    /// </summary>
    public static readonly string[] ListedPrefixes = [ImageStoreSchema.StagingKeyPrefix];

    public static readonly string[] TableActions =
    [
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
        "dynamodb:Query", "dynamodb:Scan", "dynamodb:DescribeTable",
    ];

    public static readonly string[] IndexActions = ["dynamodb:Query"];

    public ApiAccessPolicy(Construct scope, string id, ApiAccessPolicyProps props) : base(scope, id)
    {
        var (bucket, table) = props;
        Policy = new ManagedPolicy(this, StableIds.MainResource, new ManagedPolicyProps
        {
            Description = "Least-privilege access of the Cloud Image Service API to its bucket and table",
            Statements =
            [
                Allow("ImageObjects", ObjectActions, ObjectArns(bucket)),
                Allow("StagedMultipartUploads", MultipartActions, [bucket.ArnForObjects(ImageStoreSchema.StagingKeyPrefix + "*")]),
                Allow("ImageBucket", BucketActions, [bucket.BucketArn], new Dictionary<string, object>
                {
                    ["StringLikeIfExists"] = new Dictionary<string, object>
                    {
                        ["s3:prefix"] = ListedPrefixes.Select(prefix => prefix + "*").ToArray(),
                    },
                }),
                Allow("ImageTable", TableActions, [table.TableArn]),
                Allow("ImageTableIndexes", IndexActions,
                    [.. ImageStoreSchema.Table.GlobalSecondaryIndexes.Select(index => $"{table.TableArn}/index/{index.Name}")]),
            ],
        });
    }

    public ManagedPolicy Policy { get; }

    private static string[] ObjectArns(IBucket bucket) =>
        [.. ImageStoreSchema.AllObjectKeyPrefixes.Select(prefix => bucket.ArnForObjects(prefix + "*"))];

    private static PolicyStatement Allow(
        string sid, string[] actions, string[] resources, Dictionary<string, object>? conditions = null) =>
        new(new PolicyStatementProps { Sid = sid, Effect = Effect.ALLOW, Actions = actions, Resources = resources, Conditions = conditions });
}
