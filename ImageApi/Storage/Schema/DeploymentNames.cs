namespace CloudImageService.Storage.Schema;

/// <summary>
/// Names the CDK app (Infra.Cdk) gives its stacks and outputs, and that the AppHost's Aws mode reads back from
/// <c>cdk-outputs.json</c>. Both link this file, so a rename cannot break one side silently. BCL only.
/// </summary>
public static class DeploymentNames
{
    /// <summary>The bucket, the table and the API's policy: deployable alone.</summary>
    public const string StorageStack = "CloudImageService";

    /// <summary>The ImageApi on ECS Fargate behind a load balancer; needs the storage stack.</summary>
    public const string ServiceStack = "CloudImageServiceApi";

    /// <summary>The outputs of <see cref="StorageStack"/>, as keys under the stack name in <c>cdk-outputs.json</c>.</summary>
    public static class StorageOutputs
    {
        public const string BucketName = nameof(BucketName);
        public const string TableName = nameof(TableName);
        public const string ApiPolicyArn = nameof(ApiPolicyArn);
        public const string Region = nameof(Region);
    }

    /// <summary>The outputs of <see cref="ServiceStack"/>.</summary>
    public static class ServiceOutputs
    {
        public const string ServiceUrl = nameof(ServiceUrl);
        public const string LoadBalancerDnsName = nameof(LoadBalancerDnsName);
    }
}
