using CloudImageService.Storage.Schema;


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
    public void Grants_nothing_wider_than_the_schema_prefixes_the_bucket_the_table_and_its_indexes()
    {
        string[] allowed =
        [
            .. ImageStoreSchema.AllObjectKeyPrefixes.Select(prefix => $"{BucketArn}/{prefix}*"),
            BucketArn,
            TableArn,
            .. ImageStoreSchema.Table.GlobalSecondaryIndexes.Select(index => $"{TableArn}/index/{index.Name}"),
        ];

        Assert.Equal(allowed.Order(), Grants.SelectMany(grant => grant.Resources).Distinct().Order());
    }

    [Fact]
    public void Object_actions_apply_to_every_prefix_the_api_uses_and_nothing_else() =>
        Assert.Equal(
            ImageStoreSchema.AllObjectKeyPrefixes.Select(prefix => $"{BucketArn}/{prefix}*").Order(),
            ResourcesOf("s3:PutObject", "s3:GetObject", "s3:DeleteObject").Order());

    [Fact]
    public void Covers_the_staged_uploads_the_final_images_and_the_thumbnails() =>
        Assert.Equal(
            [$"{BucketArn}/images/*", $"{BucketArn}/thumbnails/*", $"{BucketArn}/uploads/*"],
            ResourcesOf("s3:PutObject", "s3:GetObject", "s3:DeleteObject").Order());

    [Fact]
    public void Server_side_copy_from_staging_to_images_is_allowed()
    {
        // CopyObject needs s3:GetObject on the source and s3:PutObject on the destination.
        Assert.Contains($"{BucketArn}/{ImageStoreSchema.StagingKeyPrefix}*", ResourcesOf("s3:GetObject"));
        Assert.Contains($"{BucketArn}/{ImageStoreSchema.ObjectKeyPrefix}*", ResourcesOf("s3:PutObject"));
    }

    [Fact]
    public void Listing_and_aborting_the_parts_of_an_upload_apply_to_the_staging_prefix_and_nothing_else()
    {
        Assert.Equal(["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], ApiAccessPolicy.MultipartActions.Order());
        Assert.Equal([$"{BucketArn}/{ImageStoreSchema.StagingKeyPrefix}*"], ResourcesOf(ApiAccessPolicy.MultipartActions));
        Assert.Equal([$"{BucketArn}/uploads/*"], ResourcesOf("s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"));
    }

    [Fact]
    public void Bucket_level_access_is_only_what_HeadBucket_needs() =>
        Assert.Equal(["s3:ListBucket"], ActionsOn(BucketArn));

    [Fact]
    public void Listing_is_limited_to_the_staging_prefix_the_sweeper_lists_where_a_request_names_a_prefix()
    {
        var statement = Assert.Single(
            stack.Properties("AWS::IAM::ManagedPolicy").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray(),
            statement => SynthesizedStack.Strings(statement.GetProperty("Action")).Contains("s3:ListBucket"));
        var condition = Assert.Single(statement.GetProperty("Condition").EnumerateObject());

        // IfExists: HeadBucket and S3's 404-or-403 check for a missing object carry no prefix and must stay allowed.
        Assert.Equal("StringLikeIfExists", condition.Name);
        var prefixes = Assert.Single(condition.Value.EnumerateObject());
        Assert.Equal("s3:prefix", prefixes.Name);
        Assert.Equal([$"{ImageStoreSchema.StagingKeyPrefix}*"], SynthesizedStack.Strings(prefixes.Value));
        Assert.Equal(["uploads/*"], SynthesizedStack.Strings(prefixes.Value));
    }

    [Fact]
    public void Object_and_table_grants_carry_no_condition() =>
        Assert.Single(stack.Properties("AWS::IAM::ManagedPolicy").GetProperty("PolicyDocument").GetProperty("Statement")
            .EnumerateArray(), statement => statement.TryGetProperty("Condition", out _));

    [Fact]
    public void Table_actions_are_the_ones_the_api_calls()
    {
        Assert.Equal(
            new[]
            {
                "dynamodb:BatchGetItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem",
            },
            ActionsOn(TableArn));
        Assert.Equal(["dynamodb:Query"], ActionsOn($"{TableArn}/index/{ImageStoreSchema.UserIndex.Name}"));
    }

    [Fact]
    public void Grants_exactly_the_actions_listed_in_ApiAccessPolicy() =>
        Assert.Equal(
            ApiAccessPolicy.ObjectActions.Concat(ApiAccessPolicy.MultipartActions).Concat(ApiAccessPolicy.BucketActions)
                .Concat(ApiAccessPolicy.TableActions).Concat(ApiAccessPolicy.IndexActions).Distinct().Order(),
            Grants.SelectMany(grant => grant.Actions).Distinct().Order());

    /// <summary>The resources of the statements granting any of these actions; those statements grant all of them.</summary>
    private IEnumerable<string> ResourcesOf(params string[] actions) =>
        Grants.Where(grant => actions.Any(grant.Actions.Contains))
            .Select(grant =>
            {
                Assert.Superset(actions.ToHashSet(), grant.Actions.ToHashSet());
                return grant;
            })
            .SelectMany(grant => grant.Resources).Distinct();

    private IEnumerable<string> ActionsOn(string resource) =>
        Grants.Where(grant => grant.Resources.Contains(resource)).SelectMany(grant => grant.Actions).Distinct().Order();
}
