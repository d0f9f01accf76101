extern alias ImageApi;
using Amazon.CDK;
using StorageInitializer = ImageApi::CloudImageService.Storage.Startup.StorageInitializer;

namespace CloudImageService.Infra.Tests;

public sealed class DeployContextStack() : SynthesizedStack(new Dictionary<string, object>
{
    [StackContext.PublicOriginKey] = "https://images.example.com/",
    [StackContext.CorsOriginsKey] = "https://app.example.com, https://admin.example.com",
    [StackContext.RemovalPolicyKey] = "destroy",
    [StackContext.BucketNameKey] = "my-images-bucket",
    [StackContext.TableNameKey] = "my-images",
    [StackContext.TableIndexesKey] = "4",
});

public class StackContextTests(DeployContextStack stack) : IClassFixture<DeployContextStack>
{
    [Fact]
    public void Cors_origins_are_the_public_origin_and_a_comma_separated_list()
    {
        Assert.Equal(["https://images.example.com", "https://app.example.com", "https://admin.example.com"],
            SynthesizedStack.Strings(CorsRule.GetProperty("AllowedOrigins")));
    }

    [Fact]
    public void Cors_is_the_rule_the_local_initializer_creates()
    {
        var expected = StorageInitializer.BrowserUploadCorsRule(["https://x.example"]);

        Assert.Equal(expected.AllowedMethods, SynthesizedStack.Strings(CorsRule.GetProperty("AllowedMethods")));
        Assert.Equal(expected.AllowedHeaders, SynthesizedStack.Strings(CorsRule.GetProperty("AllowedHeaders")));
        Assert.Equal(expected.ExposeHeaders, SynthesizedStack.Strings(CorsRule.GetProperty("ExposedHeaders")));
        Assert.Equal(expected.MaxAgeSeconds, CorsRule.GetProperty("MaxAge").GetInt32());
        Assert.Equal(["PUT", "GET", "HEAD"], SynthesizedStack.Strings(CorsRule.GetProperty("AllowedMethods")));
    }

    [Fact]
    public void With_origins_synthesis_does_not_warn_about_CORS() =>
        Amazon.CDK.Assertions.Annotations.FromStack(stack.Stack).HasNoWarning(
            "*", Amazon.CDK.Assertions.Match.StringLikeRegexp(".*CORS.*"));

    private System.Text.Json.JsonElement CorsRule => Assert.Single(stack.Properties("AWS::S3::Bucket")
        .GetProperty("CorsConfiguration").GetProperty("CorsRules").EnumerateArray());

    [Fact]
    public void Names_come_from_context()
    {
        Assert.Equal("my-images-bucket", stack.Properties("AWS::S3::Bucket").GetProperty("BucketName").GetString());
        Assert.Equal("my-images", stack.Properties("AWS::DynamoDB::Table").GetProperty("TableName").GetString());
    }

    [Fact]
    public void Destroy_deletes_the_bucket_with_its_objects_and_the_table()
    {
        Assert.Equal("Delete", stack.Single("AWS::S3::Bucket").Resource.GetProperty("DeletionPolicy").GetString());
        Assert.Equal("Delete", stack.Single("AWS::DynamoDB::Table").Resource.GetProperty("DeletionPolicy").GetString());
        Assert.Single(stack.Resources("Custom::S3AutoDeleteObjects"));
        Assert.False(stack.Properties("AWS::DynamoDB::Table").GetProperty("DeletionProtectionEnabled").GetBoolean());
    }

    [Fact]
    public void Table_indexes_gives_the_table_the_first_indexes_of_the_schema_so_each_deploy_adds_at_most_one()
    {
        var indexes = stack.Properties("AWS::DynamoDB::Table").GetProperty("GlobalSecondaryIndexes").EnumerateArray()
            .Select(index => index.GetProperty("IndexName").GetString());

        Assert.Equal(Storage.Schema.ImageStoreSchema.Table.GlobalSecondaryIndexes.Take(4).Select(index => index.Name), indexes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99")]
    [InlineData("four")]
    [InlineData("4.5")]
    public void A_table_index_count_outside_the_schema_is_refused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => StackContext.ParseTableIndexes(value));
        Assert.Contains("tableIndexes", error.Message);
    }

    [Fact]
    public void Defaults_apply_when_context_is_empty_and_trust_no_origin()
    {
        var context = StackContext.From(new App(new AppProps
        {
            Context = new Dictionary<string, object>
            {
                [StackContext.CorsOriginsKey] = " ",
            }
        }).Node);

        Assert.Empty(context.CorsOrigins);
        Assert.Equal(RemovalPolicy.RETAIN, context.RemovalPolicy);
        Assert.Null(context.BucketName);
        Assert.Null(context.TableName);
        Assert.Null(context.TableIndexes);
    }

    [Fact]
    public void An_unknown_removal_policy_is_refused()
    {
        var app = new App(new AppProps
        {
            Context = new Dictionary<string, object>
            {
                [StackContext.RemovalPolicyKey] = "snapshot",
            }
        });

        var error = Assert.Throws<ArgumentException>(() => StackContext.From(app.Node));
        Assert.Contains("removalPolicy", error.Message);
    }

    [Theory]
    [InlineData("https://images.example.com", "https://images.example.com")]
    [InlineData("https://images.example.com/", "https://images.example.com")]
    [InlineData("HTTPS://Images.Example.com:8443", "https://images.example.com:8443")]
    public void The_public_origin_is_normalized_as_browsers_send_it(string given, string expected) =>
        Assert.Equal(expected, StackContext.ParsePublicOrigin(given));

    [Theory]
    [InlineData("images.example.com")]
    [InlineData("https://images.example.com/gallery")]
    [InlineData("ftp://images.example.com")]
    public void A_public_origin_with_a_path_or_without_a_scheme_is_refused(string given)
    {
        var error = Assert.Throws<ArgumentException>(() => StackContext.ParsePublicOrigin(given));
        Assert.Contains("publicOrigin", error.Message);
    }
}
