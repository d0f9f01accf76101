extern alias Cdk;

using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Cdk::CloudImageService.Infra;

namespace AppHost.Tests.DeployedPolicy;

/// <summary>
/// The policy the CDK app attaches to the API's task role, synthesized as <c>cdk synth</c> makes it, with the
/// bucket's and table's ARNs resolved to the names this test run used.
/// </summary>
public static class DeployedApiPolicy
{
    public static JsonObject Synthesize(string bucket, string table)
    {
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        var app = new App();
        var stack = new ImageStorageStack(app, "CloudImageService", StackContext.From(app.Node));
        var template = JsonSerializer.SerializeToNode(Template.FromStack(stack).ToJSON())!.AsObject();
        var resources = template["Resources"]!.AsObject();
        var policy = Assert.Single(resources, resource => (string?)resource.Value!["Type"] == "AWS::IAM::ManagedPolicy");
        var resolver = new Resolver(resources, bucket, table);
        return resolver.Resolve(policy.Value!["Properties"]!["PolicyDocument"]!).AsObject();
    }

    private sealed class Resolver(JsonObject resources, string bucket, string table)
    {
        public JsonNode Resolve(JsonNode node) => node switch
        {
            JsonObject function when function.Count == 1 && function.First().Key is "Fn::GetAtt" or "Fn::Join" or "Ref" =>
                JsonValue.Create(Render(function)),
            JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)Resolve(pair.Value!)))),
            JsonArray array => new JsonArray([.. array.Select(item => Resolve(item!))]),
            _ => node.DeepClone(),
        };

        private string Render(JsonNode node)
        {
            if (node is JsonValue value) return value.GetValue<string>();
            var (name, argument) = node.AsObject().Single();
            return name switch
            {
                "Fn::Join" => string.Join((string)argument![0]!, argument[1]!.AsArray().Select(part => Render(part!))),
                "Fn::GetAtt" when (string?)argument![1] == "Arn" => ArnOf((string)argument[0]!),
                "Ref" => (string?)argument switch
                {
                    "AWS::Partition" => "aws",
                    "AWS::Region" => IamRequests.Region,
                    "AWS::AccountId" => IamRequests.Account,
                    var other => throw new NotSupportedException($"Ref {other} in the API's policy"),
                },
                _ => throw new NotSupportedException($"{name} in the API's policy"),
            };
        }

        private string ArnOf(string logicalId) => (string?)resources[logicalId]!["Type"] switch
        {
            "AWS::S3::Bucket" => IamRequests.BucketArn(bucket),
            "AWS::DynamoDB::Table" => IamRequests.TableArn(table),
            var type => throw new NotSupportedException($"The ARN of a {type} in the API's policy"),
        };
    }
}
