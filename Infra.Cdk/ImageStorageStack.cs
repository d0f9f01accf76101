using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using CloudImageService.Infra.Delivery;
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
        Table = new ImageTable(this, "ImageMetadata", new ImageTableProps(context.RemovalPolicy, context.TableName, context.TableIndexes)).Table;
        ApiPolicy = new ApiAccessPolicy(this, "ApiAccess", new ApiAccessPolicyProps(Bucket, Table)).Policy;
        // Here, beside the bucket: its policy names the distribution, and a distribution in the service stack would make
        // the two stacks reference each other.
        Delivery = context.CloudFrontPublicKeys is [_, ..] keys
            ? new ImageDelivery(this, "Delivery", new ImageDeliveryProps(Bucket, keys, context.CorsOrigins))
            : null;

        Output(DeploymentNames.StorageOutputs.BucketName, Bucket.BucketName, "S3 bucket for image bytes (Storage:BucketName)");
        Output(DeploymentNames.StorageOutputs.TableName, Table.TableName, "DynamoDB table for image metadata (Storage:TableName)");
        Output(DeploymentNames.StorageOutputs.ApiPolicyArn, ApiPolicy.ManagedPolicyArn, "Attach to the identity the ImageApi runs as");
        Output(DeploymentNames.StorageOutputs.Region, Aws.REGION, "Region of the bucket and the table (AWS_REGION)");
        if (Delivery is not null) OutputDelivery(Delivery);
    }

    /// <summary>What the operator needs after a deploy: the domain, and each key's id and the secret its private key goes into.</summary>
    private void OutputDelivery(ImageDelivery delivery)
    {
        Output(DeliveryOutputs.DistributionDomainName, delivery.Distribution.DistributionDomainName,
            "CloudFront domain of signed image URLs (Delivery:CloudFrontDomain)");
        Output(DeliveryOutputs.KeyPairId, delivery.SigningKey.PublicKey.PublicKeyId, "Id of the public key the API signs with (Delivery:KeyPairId)");
        Output(DeliveryOutputs.PrivateKeySecretArn, delivery.SigningKey.PrivateKey.SecretArn,
            "Put the matching PEM private key here: aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://private_key.pem");
        if (delivery.Keys.Count > 1)
        {
            Output(DeliveryOutputs.StandbyKeyPairId, delivery.Keys[1].PublicKey.PublicKeyId, "Id of the second trusted key (rotation)");
            Output(DeliveryOutputs.StandbyPrivateKeySecretArn, delivery.Keys[1].PrivateKey.SecretArn, "Secret of the second trusted key's private key");
        }
        // Exported whether or not the service stack uses them today: the service stack switches from one key's exports to
        // the other's in a rotation, and CloudFormation refuses to drop an export that another stack still imports.
        foreach (var key in delivery.Keys)
        {
            ExportValue(key.PublicKey.PublicKeyId);
            ExportValue(key.PrivateKey.SecretArn);
        }
    }

    /// <summary>The storage stack's outputs with <c>-c cloudFrontPublicKeys=...</c>.</summary>
    public static class DeliveryOutputs
    {
        public const string DistributionDomainName = nameof(DistributionDomainName);
        public const string KeyPairId = "CloudFrontKeyPairId";
        public const string PrivateKeySecretArn = "CloudFrontPrivateKeySecretArn";
        public const string StandbyKeyPairId = "CloudFrontStandbyKeyPairId";
        public const string StandbyPrivateKeySecretArn = "CloudFrontStandbyPrivateKeySecretArn";
    }

    public Bucket Bucket { get; }
    public Table Table { get; }
    public ManagedPolicy ApiPolicy { get; }

    /// <summary>The CloudFront distribution in front of the bucket; null without <c>-c cloudFrontPublicKeys</c>.</summary>
    public ImageDelivery? Delivery { get; }

    /// <summary>What <c>cdk destroy</c> does to the deployment's data (<c>-c removalPolicy</c>): the service's logs follow it too.</summary>
    public RemovalPolicy RemovalPolicy { get; }

    private void Output(string key, string value, string description) =>
        _ = new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description });
}
