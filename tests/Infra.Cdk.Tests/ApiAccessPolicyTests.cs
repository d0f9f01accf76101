using System.Text.Json;
using CloudImageService.Storage;

namespace CloudImageService.Infra.Tests;

public class ApiAccessPolicyTests(SynthesizedStack stack) : IClassFixture<SynthesizedStack>
{
    private sealed record Grant(string Effect, string[] Actions, string[] Resources);

    private IReadOnlyList<Grant> Grants =>
    [
        .. stack.Properties("AWS::IAM::ManagedPolicy").GetProperty("PolicyDocument").GetProperty("Statement")
            .EnumerateArray()
            .Select(statement => new Grant(
                statement.GetProperty("Effect").GetString()!,
                SynthesizedStack.Strings(statement.GetProperty("Action")),
                [.. SynthesizedStack.OneOrMany(statement.GetProperty("Resource")).Select(SynthesizedStack.Render)])),
    ];

    private string BucketArn => $"${{{stack.Single("AWS::S3::Bucket").LogicalId}.Arn}}";
    private string TableArn => $"${{{stack.Single("AWS::DynamoDB::Table").LogicalId}.Arn}}";

    [Fact]
    public void Grants_no_wildcard_action()
    {
        var actions = Grants.SelectMany(grant => grant.Actions).ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, action => Assert.DoesNotContain("*", action));
        Assert.All(Grants, grant => Assert.Equal("Allow", grant.Effect));
    }

    [Fact]
    public void Grants_nothing_wider_than_the_image_objects_the_bucket_the_table_and_its_index()
    {
        string[] allowed =
        [
            $"{BucketArn}/{ImageStoreSchema.ObjectKeyPrefix}*",
            BucketArn,
            TableArn,
            .. ImageStoreSchema.Table.GlobalSecondaryIndexes.Select(index => $"{TableArn}/index/{index.Name}"),
        ];

        Assert.Equal($"{BucketArn}/images/*", allowed[0]);
        Assert.Equal(allowed.Order(), Grants.SelectMany(grant => grant.Resources).Distinct().Order());
    }

    [Fact]
    public void Object_actions_apply_to_image_objects_only() =>
        Assert.Equal([$"{BucketArn}/images/*"], ResourcesOf("s3:PutObject", "s3:GetObject", "s3:DeleteObject"));

    [Fact]
    public void Bucket_level_access_is_only_what_HeadBucket_needs() =>
        Assert.Equal(["s3:ListBucket"], ActionsOn(BucketArn));

    [Fact]
    public void Table_actions_are_the_ones_the_api_calls()
    {
        Assert.Equal(
            new[]
            {
                "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
            },
            ActionsOn(TableArn));
        Assert.Equal(["dynamodb:Query"], ActionsOn($"{TableArn}/index/{ImageStoreSchema.UserIndex.Name}"));
    }

    [Fact]
    public void Grants_exactly_the_actions_listed_in_ApiAccessPolicy() =>
        Assert.Equal(
            ApiAccessPolicy.ObjectActions.Concat(ApiAccessPolicy.BucketActions).Concat(ApiAccessPolicy.TableActions)
                .Concat(ApiAccessPolicy.IndexActions).Distinct().Order(),
            Grants.SelectMany(grant => grant.Actions).Distinct().Order());

    private IEnumerable<string> ResourcesOf(params string[] actions) =>
        Grants.Where(grant => actions.Any(grant.Actions.Contains))
            .Select(grant =>
            {
                Assert.Equal(actions.Order(), grant.Actions.Order());
                return grant;
            })
            .SelectMany(grant => grant.Resources).Distinct();

    private IEnumerable<string> ActionsOn(string resource) =>
        Grants.Where(grant => grant.Resources.Contains(resource)).SelectMany(grant => grant.Actions).Distinct().Order();
}
