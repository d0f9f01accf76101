using System.Text.Json;
using Amazon.CDK.Assertions;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Infra.Tests;

public class BucketTests(SynthesizedStack stack) : IClassFixture<SynthesizedStack>
{
    private const string Bucket = "AWS::S3::Bucket";

    [Fact]
    public void Blocks_all_public_access() =>
        stack.Template.HasResourceProperties(Bucket, new Dictionary<string, object>
        {
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
            {
                ["BlockPublicAcls"] = true,
                ["BlockPublicPolicy"] = true,
                ["IgnorePublicAcls"] = true,
                ["RestrictPublicBuckets"] = true,
            },
        });

    [Fact]
    public void Encrypts_objects_at_rest()
    {
        var rule = Assert.Single(stack.Properties(Bucket)
            .GetProperty("BucketEncryption").GetProperty("ServerSideEncryptionConfiguration").EnumerateArray());

        Assert.Equal("AES256", rule.GetProperty("ServerSideEncryptionByDefault").GetProperty("SSEAlgorithm").GetString());
    }

    [Fact]
    public void Policy_denies_every_request_without_TLS()
    {
        var (bucketId, _) = stack.Single(Bucket);
        var policy = stack.Properties("AWS::S3::BucketPolicy");
        Assert.Equal($"${{{bucketId}}}", SynthesizedStack.Render(policy.GetProperty("Bucket")));

        var statements = policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray().ToList();
        var tlsOnly = Assert.Single(statements, statement =>
            statement.GetProperty("Effect").GetString() == "Deny"
            && statement.TryGetProperty("Condition", out var condition)
            && condition.GetProperty("Bool").GetProperty("aws:SecureTransport").GetString() == "false");

        Assert.Equal(["s3:*"], SynthesizedStack.Strings(tlsOnly.GetProperty("Action")));
        Assert.Equal("*", tlsOnly.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(
            [$"${{{bucketId}.Arn}}", $"${{{bucketId}.Arn}}/*"],
            SynthesizedStack.OneOrMany(tlsOnly.GetProperty("Resource")).Select(SynthesizedStack.Render).Order());
        Assert.DoesNotContain(statements, statement => statement.GetProperty("Effect").GetString() == "Allow");
    }

    [Fact]
    public void Without_origins_in_context_has_no_CORS_rule_and_synthesis_warns()
    {
        Assert.False(stack.Properties(Bucket).TryGetProperty("CorsConfiguration", out _));
        Amazon.CDK.Assertions.Annotations.FromStack(stack.Stack).HasWarning(
            "/CloudImageService/Images", Match.StringLikeRegexp(".*no CORS rule.*publicOrigin.*"));
    }

    [Fact]
    public void Incomplete_multipart_uploads_are_aborted_after_a_day()
    {
        var rule = Assert.Single(Rules, rule => rule.TryGetProperty("AbortIncompleteMultipartUpload", out _));

        Assert.Equal("Enabled", rule.GetProperty("Status").GetString());
        Assert.Equal(1, rule.GetProperty("AbortIncompleteMultipartUpload").GetProperty("DaysAfterInitiation").GetInt32());
        Assert.False(rule.TryGetProperty("ExpirationInDays", out _));
    }

    [Fact]
    public void Staged_uploads_expire_after_the_schema_staging_expiry()
    {
        var rule = Assert.Single(Rules, rule => rule.TryGetProperty("ExpirationInDays", out _));

        Assert.Equal("Enabled", rule.GetProperty("Status").GetString());
        Assert.Equal(ImageStoreSchema.StagingKeyPrefix, rule.GetProperty("Prefix").GetString());
        Assert.Equal(ImageStoreSchema.StagingExpiryDays, rule.GetProperty("ExpirationInDays").GetInt32());
    }

    [Fact]
    public void Only_staged_uploads_ever_expire() =>
        Assert.All(Rules.Where(rule => rule.TryGetProperty("ExpirationInDays", out _)),
            rule => Assert.Equal("uploads/", rule.GetProperty("Prefix").GetString()));

    [Fact]
    public void The_lifecycle_rules_for_current_objects_are_the_ones_the_local_initializer_applies()
    {
        var synthesized = Rules.Where(rule => !VersionRuleIds.Contains(rule.GetProperty("Id").GetString())).Select(rule => (
            rule.GetProperty("Id").GetString(),
            rule.TryGetProperty("Prefix", out var prefix) ? prefix.GetString() : "",
            rule.TryGetProperty("ExpirationInDays", out var days) ? days.GetInt32() : (int?)null,
            rule.TryGetProperty("AbortIncompleteMultipartUpload", out var abort) ? abort.GetProperty("DaysAfterInitiation").GetInt32() : (int?)null));

        Assert.Equal(
            BucketLifecycleRule.All.Select(rule => ((string?)rule.Id, (string?)rule.Prefix, rule.ExpireAfterDays, rule.AbortIncompleteMultipartAfterDays)),
            synthesized);
        Assert.All(Rules, rule => Assert.Equal("Enabled", rule.GetProperty("Status").GetString()));
    }

    [Fact]
    public void Is_versioned_so_an_overwrite_or_a_delete_keeps_the_previous_bytes() =>
        Assert.Equal("Enabled", stack.Properties(Bucket).GetProperty("VersioningConfiguration").GetProperty("Status").GetString());

    [Fact]
    public void Old_versions_of_originals_stay_30_days_and_leftover_delete_markers_go()
    {
        var rule = Assert.Single(Rules, rule => !rule.TryGetProperty("Prefix", out _) && rule.TryGetProperty("NoncurrentVersionExpiration", out _));

        Assert.Equal(30, rule.GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32());
        Assert.True(rule.GetProperty("ExpiredObjectDeleteMarker").GetBoolean());
        Assert.Equal("Enabled", rule.GetProperty("Status").GetString());
    }

    [Theory]
    [InlineData("uploads/")]
    [InlineData("thumbnails/")]
    public void Old_versions_of_what_can_be_made_again_go_after_a_day(string prefix)
    {
        var rule = Assert.Single(Rules, rule => rule.TryGetProperty("Prefix", out var p) && p.GetString() == prefix
            && rule.TryGetProperty("NoncurrentVersionExpiration", out _));

        Assert.Equal(1, rule.GetProperty("NoncurrentVersionExpiration").GetProperty("NoncurrentDays").GetInt32());
    }

    [Fact]
    public void Version_rules_never_expire_current_objects_and_originals_keep_old_versions_longest()
    {
        var versionRules = Rules.Where(rule => VersionRuleIds.Contains(rule.GetProperty("Id").GetString())).ToList();

        Assert.Equal(3, versionRules.Count);
        Assert.All(versionRules, rule =>
        {
            Assert.False(rule.TryGetProperty("ExpirationInDays", out _));
            Assert.False(rule.TryGetProperty("AbortIncompleteMultipartUpload", out _));
        });
        Assert.DoesNotContain(versionRules, rule => rule.TryGetProperty("Prefix", out var prefix) && prefix.GetString() == ImageStoreSchema.ObjectKeyPrefix);
    }

    private static readonly HashSet<string?> VersionRuleIds = [.. ImageBucket.VersionRules.Select(rule => rule.Id)];

    private IEnumerable<JsonElement> Rules =>
        stack.Properties(Bucket).GetProperty("LifecycleConfiguration").GetProperty("Rules").EnumerateArray();

    [Fact]
    public void By_default_is_retained_and_named_by_CloudFormation()
    {
        var (_, bucket) = stack.Single(Bucket);

        Assert.Equal("Retain", bucket.GetProperty("DeletionPolicy").GetString());
        Assert.Equal("Retain", bucket.GetProperty("UpdateReplacePolicy").GetString());
        Assert.False(bucket.GetProperty("Properties").TryGetProperty("BucketName", out _));
        Assert.Empty(stack.Resources("Custom::S3AutoDeleteObjects"));
    }
}
