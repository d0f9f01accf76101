using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ECS.Patterns;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;
using HealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace CloudImageService.Infra.Service;

/// <param name="Cluster">The ECS cluster the service runs in; its VPC is the load balancer's.</param>
/// <param name="CertificateArn">An ACM certificate: HTTPS on 443 and a redirect from 80; null: HTTP on 80.</param>
public sealed record LoadBalancedApiProps(
    ICluster Cluster, IApplicationLoadBalancer LoadBalancer, FargateTaskDefinition Task, string? CertificateArn);

/// <summary>
/// The tasks behind an internet-facing Application Load Balancer. With a certificate: HTTPS on 443 and a redirect from
/// 80; without: HTTP on 80. Tasks run in private subnets without public addresses, and their security group admits
/// only the load balancer, on the container port. Rolling deployments keep full capacity and roll back on failure.
/// </summary>
public sealed class LoadBalancedApi : Construct
{
    /// <summary>
    /// Liveness (ServiceDefaults' <c>/alive</c>: the process answers), not readiness (<c>/health</c>, which checks S3 and
    /// DynamoDB): during a storage outage every task would fail readiness and ECS would replace them all, again and
    /// again, while a live task answers 503 with Retry-After and recovers by itself when storage does.
    /// </summary>
    public const string HealthCheckPath = "/alive";
    public const int MinTasks = 2;
    public const int MaxTasks = 10;
    public const int CpuTargetPercent = 60;

    /// <summary>Requests per task per minute at which to add a task (ALBRequestCountPerTarget).</summary>
    public const int RequestsPerTaskPerMinute = 1000;

    public LoadBalancedApi(Construct scope, string id, LoadBalancedApiProps props) : base(scope, id)
    {
        var https = props.CertificateArn is not null;
        var service = new ApplicationLoadBalancedFargateService(this, StableIds.MainResource, new ApplicationLoadBalancedFargateServiceProps
        {
            Cluster = props.Cluster,
            TaskDefinition = props.Task,
            LoadBalancer = props.LoadBalancer,
            DesiredCount = MinTasks,
            TaskSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            AssignPublicIp = false,
            Protocol = https ? ApplicationProtocol.HTTPS : ApplicationProtocol.HTTP,
            Certificate = https ? Certificate.FromCertificateArn(this, "Certificate", props.CertificateArn!) : null,
            SslPolicy = https ? SslPolicy.RECOMMENDED_TLS : null,
            RedirectHTTP = https,
            TargetProtocol = ApplicationProtocol.HTTP,
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            CircuitBreaker = new DeploymentCircuitBreaker { Rollback = true },
            HealthCheckGracePeriod = Duration.Seconds(60),
        });
        Service = service;

        // The group's description defaults to its path, and CloudFormation replaces a group whose description changes.
        var securityGroup = service.Service.Connections.SecurityGroups.Single();
        ((CfnSecurityGroup)securityGroup.Node.DefaultChild!).GroupDescription = StableIds.PathOf(securityGroup);

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
        service.TargetGroup.SetAttribute("deregistration_delay.timeout_seconds",
            GracefulStop.DeregistrationDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
    }

    public ApplicationLoadBalancedFargateService Service { get; }
}
