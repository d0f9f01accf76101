using System.Text.Json;
using CloudImageService.Storage.Schema;

namespace CloudImageService.AppHost.LocalAws;

/// <summary>
/// The outputs <c>npx cdk deploy --outputs-file cdk-outputs.json</c> writes for the stack in Infra.Cdk:
/// <c>{"CloudImageService": {"BucketName": …, "TableName": …, "Region": …, "ApiPolicyArn": …}}</c>.
/// </summary>
public sealed record CdkOutputs(string BucketName, string TableName, string Region)
{
    public const string StackName = DeploymentNames.StorageStack;

    public static string DefaultPath(string appHostDirectory) =>
        Path.GetFullPath(Path.Combine(appHostDirectory, "..", "Infra.Cdk", "cdk-outputs.json"));

    /// <summary>The deployed stack's names, or null when the file does not exist.</summary>
    public static CdkOutputs? TryRead(string path)
    {
        if (!File.Exists(path)) return null;

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty(StackName, out var stack))
        {
            throw new InvalidOperationException($"{path} has no outputs for the stack {StackName}: deploy Infra.Cdk again with --outputs-file.");
        }
        return new CdkOutputs(
            Required(stack, DeploymentNames.StorageOutputs.BucketName, path),
            Required(stack, DeploymentNames.StorageOutputs.TableName, path),
            Required(stack, DeploymentNames.StorageOutputs.Region, path));
    }

    private static string Required(JsonElement stack, string name, string path) =>
        stack.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"{path} lacks the output {StackName}.{name}.");
}
