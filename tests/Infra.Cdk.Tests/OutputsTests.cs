using CloudImageService.Storage.Schema;


namespace CloudImageService.Infra.Tests;

/// <summary>The AppHost's Aws mode reads these keys from <c>cdk-outputs.json</c> under the stack name.</summary>
public class OutputsTests(SynthesizedStack stack) : IClassFixture<SynthesizedStack>
{
    [Fact]
    public void Stack_is_named_as_the_outputs_file_expects()
    {
        Assert.Equal("CloudImageService", stack.Stack.StackName);
        Assert.Equal(DeploymentNames.StorageStack, stack.Stack.StackName);
    }

    [Fact]
    public void Outputs_are_exactly_bucket_table_policy_and_region() =>
        Assert.Equal(
            ["ApiPolicyArn", "BucketName", "Region", "TableName"],
            stack.Json.GetProperty("Outputs").EnumerateObject().Select(output => output.Name).Order());

    [Theory]
    [InlineData(DeploymentNames.StorageOutputs.BucketName, "AWS::S3::Bucket")]
    [InlineData(DeploymentNames.StorageOutputs.TableName, "AWS::DynamoDB::Table")]
    [InlineData(DeploymentNames.StorageOutputs.ApiPolicyArn, "AWS::IAM::ManagedPolicy")]
    public void Output_refers_to_its_resource(string output, string resourceType) =>
        Assert.Equal($"${{{stack.Single(resourceType).LogicalId}}}", Value(output));

    [Fact]
    public void Region_is_the_deployment_region() =>
        Assert.Equal("${AWS::Region}", Value(DeploymentNames.StorageOutputs.Region));

    private string Value(string output) =>
        SynthesizedStack.Render(stack.Json.GetProperty("Outputs").GetProperty(output).GetProperty("Value"));
}
