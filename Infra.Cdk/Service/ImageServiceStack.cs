using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using CloudImageService.Storage.Schema;
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
    public const string PlainHttpWarningId = "CloudImageService:PlainHttp";
    public const string AlarmTopicOutput = "AlarmTopicArn";

    public ImageServiceStack(Construct scope, string id, ServiceContext context, ImageStorageStack storage, IStackProps? props = null)
        : base(scope, id, props ?? new StackProps
        {
            Description = "Cloud Image Service: the ImageApi on ECS Fargate behind an Application Load Balancer and AWS WAF",
        })
    {
        var network = new Network(this, "Network", new NetworkProps(context.NatGateways));
        var secrets = new ApiSecrets(this, "Secrets");
        var environment = ApiEnvironment.For(
            context, storage.Bucket.BucketName, storage.Table.TableName, Aws.REGION, network.Vpc.VpcCidrBlock);
        var containerSecrets = new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>(secrets.ContainerSecrets);
        if (storage.Delivery is { } delivery) DeliveryEnvironment.AddTo(delivery, environment, containerSecrets);
        var task = new ApiTask(this, "Task", new ApiTaskProps(
            context.Task, storage.ApiPolicy, environment, containerSecrets, storage.RemovalPolicy));
        var loadBalancer = new PublicLoadBalancer(this, "LoadBalancer", new PublicLoadBalancerProps(network.Vpc)).LoadBalancer;
        var cluster = new Cluster(this, "Cluster", new ClusterProps { Vpc = network.Vpc });
        Api = new LoadBalancedApi(this, "Api", new LoadBalancedApiProps(cluster, loadBalancer, task.Definition, context.CertificateArn));
        var firewall = new WebFirewall(this, "Firewall", new WebFirewallProps(loadBalancer));
        Alarms = new ServiceAlarms(this, "Alarms", new ServiceAlarmsProps(
            loadBalancer, Api.Service.TargetGroup, storage.Table, context.AlarmEmail));
        KeepDeployedIds(secrets, task, firewall);

        var scheme = context.CertificateArn is null ? "http" : "https";
        Output(DeploymentNames.ServiceOutputs.ServiceUrl, context.PublicOrigin ?? $"{scheme}://{loadBalancer.LoadBalancerDnsName}",
            "Where users open the service (publicOrigin, else the load balancer)");
        Output(DeploymentNames.ServiceOutputs.LoadBalancerDnsName, loadBalancer.LoadBalancerDnsName,
            "Point the public origin's DNS record (CNAME or alias) here");
        Output(AlarmTopicOutput, Alarms.Topic.TopicArn, "SNS topic of the service's alarms (subscribe with -c alarmEmail=... or in the console)");

        if (context.CertificateArn is null)
        {
            Annotations.Of(this).AddWarningV2(PlainHttpWarningId,
                $"-c {ServiceContext.AllowHttpKey}=true: the load balancer listens on plain HTTP and bearer tokens cross the network "
                + $"unencrypted. For a private trial only; deploy with -c {ServiceContext.CertificateArnKey}=... for anything else.");
        }
        if (context.PublicOrigin is null)
        {
            Annotations.Of(this).AddWarningV2(NoPublicOriginWarningId,
                $"No -c {StackContext.PublicOriginKey}: unless -c {StackContext.CorsOriginsKey} lists it, the bucket's CORS does not "
                + "admit the service's own origin and the web gallery cannot upload or download. Deploy again with the load "
                + "balancer's URL (output ServiceUrl) or your domain.");
        }
    }

    public LoadBalancedApi Api { get; }
    public ServiceAlarms Alarms { get; }

    /// <summary>
    /// These resources were deployed beside their building blocks, before those were constructs (see
    /// <see cref="StableIds"/>); the blocks' main resources keep their IDs on their own.
    /// </summary>
    private static void KeepDeployedIds(ApiSecrets secrets, ApiTask task, WebFirewall firewall)
    {
        StableIds.Keep(secrets.CursorKey, "CursorKey255E8F8A");
        StableIds.Keep(task.Role, "TaskRole30FC0FBB");
        StableIds.Keep(task.Logs, "Logs6819BB44");
        StableIds.Keep(firewall.Association, "FirewallAssociation");
    }

    private void Output(string key, string value, string description) =>
        _ = new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description });
}
