using Amazon.CDK;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// CloudFormation replaces a resource whose logical ID changes, and a logical ID follows the construct path: a refactoring
/// that moves the bucket or the table in the construct tree would deploy new, empty ones. These are the IDs the stacks
/// were deployed with (<see cref="StableIds"/>).
/// </summary>
public class LogicalIdTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    [Theory]
    [InlineData("AWS::S3::Bucket", "Images2D38C313")]
    [InlineData("AWS::S3::BucketPolicy", "ImagesPolicyC62327FF")]
    [InlineData("AWS::DynamoDB::Table", "ImageMetadata0241C355")]
    [InlineData("AWS::IAM::ManagedPolicy", "ApiAccess73B9C766")]
    public void Storage_resources_keep_the_logical_ids_they_were_deployed_with(string type, string logicalId) =>
        Assert.Equal(logicalId, stacks.Storage.Single(type).LogicalId);

    [Theory]
    [InlineData("AWS::Logs::LogGroup", "Logs6819BB44")]
    [InlineData("AWS::SecretsManager::Secret", "CursorKey255E8F8A")]
    [InlineData("AWS::EC2::VPC", "Network1C6012B5")]
    [InlineData("AWS::ECS::Cluster", "ClusterEB0386A7")]
    [InlineData("AWS::ECS::TaskDefinition", "Task79114B6B")]
    [InlineData("AWS::ECS::Service", "ApiServiceD5B4A50A")]
    [InlineData("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerBE9EEC3A")]
    [InlineData("AWS::ElasticLoadBalancingV2::TargetGroup", "LoadBalancerPublicListenerECSGroup253F49BD")]
    [InlineData("AWS::WAFv2::WebACL", "Firewall")]
    [InlineData("AWS::WAFv2::WebACLAssociation", "FirewallAssociation")]
    public void Service_resources_keep_the_logical_ids_they_were_deployed_with(string type, string logicalId) =>
        Assert.Equal(logicalId, stacks.Service.Single(type).LogicalId);

    [Fact]
    public void Roles_and_security_groups_keep_their_logical_ids_and_the_descriptions_that_would_replace_them()
    {
        Assert.Equal(["TaskExecutionRoleEF964934", "TaskRole30FC0FBB"], LogicalIds("AWS::IAM::Role"));
        Assert.Equal(
            [
                ("ApiServiceSecurityGroupB2E30D06", "CloudImageServiceApi/Api/Service/SecurityGroup"),
                ("LoadBalancerSecurityGroupA28D6DD7", "Automatically created Security Group for ELB CloudImageServiceApiLoadBalancer00C3B1D9"),
            ],
            stacks.Service.Resources("AWS::EC2::SecurityGroup")
                .Select(group => (group.LogicalId, group.Resource.GetProperty("Properties").GetProperty("GroupDescription").GetString()))
                .Order());
    }

    [Fact]
    public void A_building_block_names_its_resources_after_the_id_it_is_given()
    {
        var stack = new Stack(new App(), "Blocks");
        var props = new ImageTableProps(RemovalPolicy.DESTROY);
        _ = new ImageTable(stack, "Originals", props);
        _ = new ImageTable(stack, "Copies", props);

        var tables = new StackTemplate(stack).Resources("AWS::DynamoDB::Table").Select(table => table.LogicalId).Order().ToList();

        Assert.Equal(2, tables.Count);
        Assert.StartsWith("Copies", tables[0]);
        Assert.StartsWith("Originals", tables[1]);
    }

    private IEnumerable<string> LogicalIds(string type) => stacks.Service.Resources(type).Select(resource => resource.LogicalId).Order();
}
