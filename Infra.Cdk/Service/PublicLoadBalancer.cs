using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;

namespace CloudImageService.Infra.Service;

public sealed record PublicLoadBalancerProps(IVpc Vpc);

/// <summary>
/// The internet-facing Application Load Balancer in the public subnets. Its listeners and targets are the
/// <see cref="LoadBalancedApi"/>'s; <see cref="WebFirewall"/> guards it.
/// </summary>
public sealed class PublicLoadBalancer : Construct
{
    public PublicLoadBalancer(Construct scope, string id, PublicLoadBalancerProps props) : base(scope, id) =>
        LoadBalancer = new ApplicationLoadBalancer(this, StableIds.MainResource, new ApplicationLoadBalancerProps
        {
            Vpc = props.Vpc,
            InternetFacing = true,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            // Requests with header names that are not valid HTTP never reach the API.
            DropInvalidHeaderFields = true,
        });

    public ApplicationLoadBalancer LoadBalancer { get; }
}
