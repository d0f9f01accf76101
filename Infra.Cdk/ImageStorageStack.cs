using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using CloudImageService.Storage.Schema;
using Constructs;

namespace CloudImageService.Infra;

/// <summary>
/// The bucket, the table and the API's access policy. The outputs are what the AppHost's <c>Aws</c> mode reads from
/// <c>cdk-outputs.json</c> (<c>npx cdk deploy --outputs-file cdk-outputs.json</c>), keyed by
/// <see cref="DeploymentNames.StorageStack"/>. The service stack takes the bucket, table and policy from here.
/// </summary>
public sealed class ImageStorageStack : Stack
{
    public ImageStorageStack(Construct scope, string id, StackContext context, IStackProps? props = null)
        : base(scope, id, props ?? new StackProps
        {
            Description = "Cloud Image Service: image bucket, metadata table and the API's least-privilege policy",
        })
    {
        RemovalPolicy = context.RemovalPolicy;
        // These ids name the deployed bucket and table (StableIds): changing one replaces the resource.
        Bucket = new ImageBucket(this, "Images", new ImageBucketProps(context.CorsOrigins, context.RemovalPolicy, context.BucketName)).Bucket;
        Table = new ImageTable(this, "ImageMetadata", new ImageTableProps(context.RemovalPolicy, context.TableName)).Table;
        ApiPolicy = new ApiAccessPolicy(this, "ApiAccess", new ApiAccessPolicyProps(Bucket, Table)).Policy;

        Output(DeploymentNames.StorageOutputs.BucketName, Bucket.BucketName, "S3 bucket for image bytes (Storage:BucketName)");
        Output(DeploymentNames.StorageOutputs.TableName, Table.TableName, "DynamoDB table for image metadata (Storage:TableName)");
        Output(DeploymentNames.StorageOutputs.ApiPolicyArn, ApiPolicy.ManagedPolicyArn, "Attach to the identity the ImageApi runs as");
        Output(DeploymentNames.StorageOutputs.Region, Aws.REGION, "Region of the bucket and the table (AWS_REGION)");
    }

    public Bucket Bucket { get; }
    public Table Table { get; }
    public ManagedPolicy ApiPolicy { get; }

    /// <summary>What <c>cdk destroy</c> does to the deployment's data (<c>-c removalPolicy</c>): the service's logs follow it too.</summary>
    public RemovalPolicy RemovalPolicy { get; }

    private void Output(string key, string value, string description) =>
        _ = new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description });
}
