using Amazon.CDK;

namespace CloudImageService.Infra.Tests;

/// <summary>Both stacks with <c>-c removalPolicy=destroy</c>, as for a test deployment.</summary>
public sealed class DestroyableService() : SynthesizedService(new Dictionary<string, object>
{
    [StackContext.RemovalPolicyKey] = "destroy",
});

/// <summary><c>cdk destroy</c> keeps the data by default; <c>-c removalPolicy=destroy</c> removes all of it.</summary>
public class RemovalPolicyTests(DestroyableService stacks) : IClassFixture<DestroyableService>
{
    [Fact]
    public void Destroy_deletes_the_versioned_bucket_with_every_version_the_table_and_the_logs()
    {
        Assert.Equal("Delete", stacks.Storage.Single("AWS::S3::Bucket").Resource.GetProperty("DeletionPolicy").GetString());
        Assert.Single(stacks.Storage.Resources("Custom::S3AutoDeleteObjects"));
        Assert.Equal("Delete", stacks.Storage.Single("AWS::DynamoDB::Table").Resource.GetProperty("DeletionPolicy").GetString());
        Assert.False(stacks.Storage.Properties("AWS::DynamoDB::Table").GetProperty("DeletionProtectionEnabled").GetBoolean());
        Assert.Equal("Delete", stacks.Service.Single("AWS::Logs::LogGroup").Resource.GetProperty("DeletionPolicy").GetString());
    }

    [Fact]
    public void The_default_is_retain()
    {
        var storage = CloudImageServiceApp.Define(new App()).Storage;

        Assert.Equal(RemovalPolicy.RETAIN, storage.RemovalPolicy);
    }
}
