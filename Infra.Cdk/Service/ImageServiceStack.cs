using Amazon.CDK;
using CloudImageService.Storage;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <summary>
/// The ImageApi on ECS Fargate behind an Application Load Balancer with AWS WAF, using the storage stack's bucket,
/// table and policy (cross-stack references from storage to service only: the public origin reaches the bucket's CORS
/// as context, never as a reference back, so the stacks cannot form a cycle).
/// </summary>
public sealed class ImageServiceStack : Stack
{
    public const string NoPublicOriginWarningId = "CloudImageService:NoPublicOrigin";

    public ImageServiceStack(Construct scope, string id, ServiceContext context, ImageStorageStack storage, IStackProps? props = null)
        : base(scope, id, props ?? new StackProps
        {
            Description = "Cloud Image Service: the ImageApi on ECS Fargate behind an Application Load Balancer and AWS WAF",
        })
    {
        var vpc = Network.Create(this, "Network", context);
        var environment = ApiEnvironment.For(
            context, storage.Bucket.BucketName, storage.Table.TableName, Aws.REGION, vpc.VpcCidrBlock);
        var task = ApiTask.Create(this, "Task", context.Task, storage.ApiPolicy, environment, ApiSecrets.Create(this));
        Api = LoadBalancedApi.Create(this, "Api", context, vpc, task);
        _ = RateLimitFirewall.Create(this, "Firewall", Api.LoadBalancer);

        var scheme = context.CertificateArn is null ? "http" : "https";
        Output(DeploymentNames.ServiceOutputs.ServiceUrl, context.PublicOrigin ?? $"{scheme}://{Api.LoadBalancer.LoadBalancerDnsName}",
            "Where users open the service (publicOrigin, else the load balancer)");
        Output(DeploymentNames.ServiceOutputs.LoadBalancerDnsName, Api.LoadBalancer.LoadBalancerDnsName,
            "Point the public origin's DNS record (CNAME or alias) here");

        if (context.PublicOrigin is null)
        {
            Annotations.Of(this).AddWarningV2(NoPublicOriginWarningId,
                $"No -c {StackContext.PublicOriginKey}: unless -c {StackContext.CorsOriginsKey} lists it, the bucket's CORS does not "
                + "admit the service's own origin and the web gallery cannot upload or download. Deploy again with the load "
                + "balancer's URL (output ServiceUrl) or your domain.");
        }
    }

    public Amazon.CDK.AWS.ECS.Patterns.ApplicationLoadBalancedFargateService Api { get; }

    private void Output(string key, string value, string description) =>
        _ = new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description });
}
