using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ECS.Patterns;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;
using ApplicationLoadBalancerProps = Amazon.CDK.AWS.ElasticLoadBalancingV2.ApplicationLoadBalancerProps;
using HealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace CloudImageService.Infra.Service;

/// <summary>
/// The tasks behind an internet-facing Application Load Balancer. With a certificate: HTTPS on 443 and a redirect from
/// 80; without: HTTP on 80. Tasks run in private subnets without public addresses, and their security group admits
/// only the load balancer, on the container port. Rolling deployments keep full capacity and roll back on failure.
/// </summary>
public static class LoadBalancedApi
{
    public const string HealthCheckPath = "/health";
    public const int MinTasks = 2;
    public const int MaxTasks = 10;
    public const int CpuTargetPercent = 60;

    /// <summary>Requests per task per minute at which to add a task (ALBRequestCountPerTarget).</summary>
    public const int RequestsPerTaskPerMinute = 1000;

    public static ApplicationLoadBalancedFargateService Create(
        Construct scope, string id, ServiceContext context, IVpc vpc, FargateTaskDefinition task)
    {
        var https = context.CertificateArn is not null;
        var loadBalancer = new ApplicationLoadBalancer(scope, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = true,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            // Requests with header names that are not valid HTTP never reach the API.
            DropInvalidHeaderFields = true,
        });

        var service = new ApplicationLoadBalancedFargateService(scope, id, new ApplicationLoadBalancedFargateServiceProps
        {
            Cluster = new Cluster(scope, "Cluster", new ClusterProps { Vpc = vpc }),
            TaskDefinition = task,
            LoadBalancer = loadBalancer,
            DesiredCount = MinTasks,
            TaskSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            AssignPublicIp = false,
            Protocol = https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP,
            Certificate = https ? Certificate.FromCertificateArn(scope, "Certificate", context.CertificateArn!) : null,
            SslPolicy = https ? SslPolicy.RECOMMENDED_TLS : null,
            RedirectHTTP = https,
            TargetProtocol = ApplicationProtocol.HTTP,
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            HealthCheckGracePeriod = Duration.Seconds(60),
        });

        // The pattern's outputs have hashed names; the stack publishes stable ones (ImageServiceStack).
        service.Node.TryRemoveChild("LoadBalancerDNS");
        service.Node.TryRemoveChild("ServiceURL");

        service.TargetGroup.ConfigureHealthCheck(new HealthCheck
        {
            Path = HealthCheckPath,
            HealthyHttpCodes = "200",
            Interval = Duration.Seconds(15),
            Timeout = Duration.Seconds(5),
            HealthyThresholdCount = 2,
            UnhealthyThresholdCount = 3,
        });
        // Requests to the API are short (bytes go to S3 directly): 30 s drains a task instead of the default 300 s.
        service.TargetGroup.SetAttribute("deregistration_delay.timeout_seconds", "30");

        var scaling = service.Service.AutoScaleTaskCount(new Amazon.CDK.AWS.ApplicationAutoScaling.EnableScalingProps
        {
            MinCapacity = MinTasks,
            MaxCapacity = MaxTasks,
        });
        scaling.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps
        {
            TargetUtilizationPercent = CpuTargetPercent,
            ScaleOutCooldown = Duration.Minutes(1),
            ScaleInCooldown = Duration.Minutes(5),
        });
        scaling.ScaleOnRequestCount("Requests", new RequestCountScalingProps
        {
            RequestsPerTarget = RequestsPerTaskPerMinute,
            TargetGroup = service.TargetGroup,
            ScaleOutCooldown = Duration.Minutes(1),
            ScaleInCooldown = Duration.Minutes(5),
        });

        return service;
    }
}
