using Amazon.CDK;

namespace CloudImageService.Infra.Tests;

public sealed class DeployContextStack() : SynthesizedStack(new Dictionary<string, object>
{
    [StackContext.CorsOriginsKey] = "https://app.example.com, https://admin.example.com",
    [StackContext.RemovalPolicyKey] = "destroy",
    [StackContext.BucketNameKey] = "my-images-bucket",
    [StackContext.TableNameKey] = "my-images",
});

public class StackContextTests(DeployContextStack stack) : IClassFixture<DeployContextStack>
{
    [Fact]
    public void Cors_origins_come_from_a_comma_separated_list()
    {
        var rule = Assert.Single(stack.Properties("AWS::S3::Bucket").GetProperty("CorsConfiguration")
            .GetProperty("CorsRules").EnumerateArray());

        Assert.Equal(["https://app.example.com", "https://admin.example.com"],
            SynthesizedStack.Strings(rule.GetProperty("AllowedOrigins")));
    }

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
    }

    [Fact]
    public void Defaults_apply_when_context_is_empty()
    {
        var context = StackContext.From(new App(new AppProps { Context = new Dictionary<string, object>
        {
            [StackContext.CorsOriginsKey] = " ",
        } }).Node);

        Assert.Equal(["http://localhost:8000"], context.CorsOrigins);
        Assert.Equal(RemovalPolicy.RETAIN, context.RemovalPolicy);
        Assert.Null(context.BucketName);
        Assert.Null(context.TableName);
    }

    [Fact]
    public void An_unknown_removal_policy_is_refused()
    {
        var app = new App(new AppProps { Context = new Dictionary<string, object>
        {
            [StackContext.RemovalPolicyKey] = "snapshot",
        } });

        var error = Assert.Throws<ArgumentException>(() => StackContext.From(app.Node));
        Assert.Contains("removalPolicy", error.Message);
    }
}
