using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using CloudImageService.Storage.Schema;
using Constructs;

namespace CloudImageService.Infra.Service;

public sealed record PublicLoadBalancerProps(IVpc Vpc);

/// <summary>
/// The internet-facing Application Load Balancer in the public subnets. Its listeners and targets are the
/// <see cref="LoadBalancedApi"/>'s; <see cref="WebFirewall"/> guards it.
/// </summary>
public sealed class PublicLoadBalancer : Construct
{
    public const int IdleTimeoutMarginSeconds = 10;

    /// <summary>
    /// A confirmation sends nothing until it answers, so the load balancer must wait out the longest request
    /// (<see cref="RequestBudgets.LongestRequestSeconds"/>) before it gives up with a 504; its default is 60 s.
    /// It stays below Kestrel's keep-alive timeout (130 s), so the API never closes a connection the load balancer reuses.
    /// </summary>
    public static readonly int IdleTimeoutSeconds = (int)Math.Ceiling(RequestBudgets.LongestRequestSeconds) + IdleTimeoutMarginSeconds;

    public PublicLoadBalancer(Construct scope, string id, PublicLoadBalancerProps props) : base(scope, id) =>
        LoadBalancer = new ApplicationLoadBalancer(this, StableIds.MainResource, new ApplicationLoadBalancerProps
        {
            Vpc = props.Vpc,
            InternetFacing = true,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            // Requests with header names that are not valid HTTP never reach the API.
            DropInvalidHeaderFields = true,
            IdleTimeout = Duration.Seconds(IdleTimeoutSeconds),
        });

    public ApplicationLoadBalancer LoadBalancer { get; }
}
