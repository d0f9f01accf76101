using System.Text.Json;
using System.Text.Json.Serialization;

namespace AppHost.Tests.DeployedPolicy;

/// <summary>One call as the API's <c>AwsCallLog</c> wrote it.</summary>
public sealed record RecordedCall(
    string Service,
    string Operation,
    string? Bucket,
    IReadOnlyList<string>? Keys,
    string? Prefix,
    string? SourceBucket,
    string? SourceKey,
    string? Table,
    string? Index,
    bool Presigned)
{
    public override string ToString() =>
        $"{Service}:{Operation}{(Presigned ? " (presigned URL)" : "")} " +
        $"{Bucket ?? Table}{(Index is null ? "" : $"/index/{Index}")}{(Keys is { Count: > 0 } ? $"/{Keys[0]}" : "")}" +
        $"{(Prefix is null ? "" : $" prefix '{Prefix}'")}";
}

/// <summary>
/// Where the ImageApi processes of this test run record the AWS calls they make (every AppHost fixture turns the
/// recording on), and reading them back.
/// </summary>
public static class RecordedAwsCalls
{
    public const string Setting = "Diagnostics__AwsCallLog";

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), $"cis-aws-calls-{Environment.ProcessId}");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyList<RecordedCall> ReadAll() =>
        !System.IO.Directory.Exists(Directory)
            ? []
            : [.. System.IO.Directory.EnumerateFiles(Directory, "*.jsonl")
                .SelectMany(File.ReadLines)
                .Where(line => line.Length > 0)
                .Select(line => JsonSerializer.Deserialize<RecordedCall>(line, Json)!)
                .Distinct()];
}
