using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <param name="NatGateways">One per zone, or one for both (cheaper, but its zone's outage cuts the other's egress).</param>
public sealed record NetworkProps(int NatGateways);

/// <summary>
/// Two availability zones, each with a public subnet (load balancer, NAT gateway) and a private subnet with egress
/// (tasks, which get no public address). S3 and DynamoDB are reached through free gateway endpoints, so image bytes
/// never pay NAT data processing; the NAT carries image pulls, logs and the token issuer's key downloads.
/// </summary>
public sealed class Network : Construct
{
    public const string Cidr = "10.0.0.0/16";

    public Network(Construct scope, string id, NetworkProps props) : base(scope, id)
    {
        Vpc = new Vpc(this, StableIds.MainResource, new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(Cidr),
            MaxAzs = 2,
            NatGateways = props.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "Public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "Tasks", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 22 },
            ],
            GatewayEndpoints = new Dictionary<string, IGatewayVpcEndpointOptions>
            {
                ["S3"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 },
                ["DynamoDB"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.DYNAMODB },
            },
        });

        // The console shows these Name tags, which default to the path: keep it as deployed, without the Default level.
        foreach (var named in Vpc.PublicSubnets.Concat(Vpc.PrivateSubnets).Prepend<IConstruct>(Vpc))
        {
            Tags.Of(named).Add("Name", StableIds.PathOf(named));
        }
    }

    public Vpc Vpc { get; }
}
