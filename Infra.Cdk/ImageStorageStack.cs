using Amazon.CDK;
using Constructs;

namespace CloudImageService.Infra;

/// <summary>
/// The bucket, the table and the API's access policy. The outputs are what the AppHost's <c>Aws</c> mode reads from
/// <c>cdk-outputs.json</c> (<c>npx cdk deploy --outputs-file cdk-outputs.json</c>), keyed by <see cref="Name"/>.
/// </summary>
public sealed class ImageStorageStack : Stack
{
    public const string Name = "CloudImageService";

    public static class Outputs
    {
        public const string BucketName = nameof(BucketName);
        public const string TableName = nameof(TableName);
        public const string ApiPolicyArn = nameof(ApiPolicyArn);
        public const string Region = nameof(Region);
    }

    public ImageStorageStack(Construct scope, string id, StackContext context, IStackProps? props = null)
        : base(scope, id, props ?? new StackProps
        {
            Description = "Cloud Image Service: image bucket, metadata table and the API's least-privilege policy",
        })
    {
        var bucket = ImageBucket.Create(this, "Images", context);
        var table = ImageTable.Create(this, "ImageMetadata", context);
        var policy = ApiAccessPolicy.Create(this, "ApiAccess", bucket, table);

        Output(Outputs.BucketName, bucket.BucketName, "S3 bucket for image bytes (Storage:BucketName)");
        Output(Outputs.TableName, table.TableName, "DynamoDB table for image metadata (Storage:TableName)");
        Output(Outputs.ApiPolicyArn, policy.ManagedPolicyArn, "Attach to the identity the ImageApi runs as");
        Output(Outputs.Region, Aws.REGION, "Region of the bucket and the table (AWS_REGION)");
    }

    private void Output(string key, string value, string description) =>
        _ = new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description });
}
