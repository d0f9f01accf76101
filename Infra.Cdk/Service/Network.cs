using Amazon.CDK.AWS.EC2;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <summary>
/// Two availability zones, each with a public subnet (load balancer, NAT gateway) and a private subnet with egress
/// (tasks, which get no public address). S3 and DynamoDB are reached through free gateway endpoints, so image bytes
/// never pay NAT data processing; the NAT carries image pulls, logs and the token issuer's key downloads.
/// </summary>
public static class Network
{
    public const string Cidr = "10.0.0.0/16";

    public static Vpc Create(Construct scope, string id, ServiceContext context) => new(scope, id, new VpcProps
    {
        IpAddresses = IpAddresses.Cidr(Cidr),
        MaxAzs = 2,
        NatGateways = context.NatGateways,
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
}
