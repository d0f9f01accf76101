using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AppHost.Tests.DeployedPolicy;

public sealed record IamVerdict(IamRequest Request, string Result, string? Errors)
{
    public bool Allowed => Result == "Allowed";
}

/// <summary>
/// An independent judge of the policy: the npm package @cloud-copilot/iam-simulate (AGPL-3.0, a test tool that is
/// never shipped), pinned in tests/IamPolicy and run through its evaluate.mjs.
/// </summary>
public static class IamSimulator
{
    private static readonly string ToolDirectory = Path.Combine(RepositoryRoot(), "tests", "IamPolicy");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CloudImageService.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CloudImageService.sln not found above the test output.");
    }

    public static async Task<IReadOnlyList<IamVerdict>> EvaluateAsync(JsonObject policy, IReadOnlyList<IamRequest> requests)
    {
        var input = new JsonObject
        {
            ["policy"] = policy.DeepClone(),
            ["account"] = IamRequests.Account,
            ["requests"] = new JsonArray([.. requests.Select(request => new JsonObject
            {
                ["action"] = request.Action,
                ["resource"] = request.Resource,
                ["context"] = new JsonObject([.. request.Context.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]),
            })]),
        };
        var start = new ProcessStartInfo("node", "evaluate.mjs")
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, $"iam-simulate failed ({node.ExitCode}): {await errors}");

        var verdicts = JsonNode.Parse(await output)!.AsArray();
        Assert.Equal(requests.Count, verdicts.Count);
        return [.. requests.Zip(verdicts, (request, verdict) =>
            new IamVerdict(request, (string)verdict!["result"]!, (string?)verdict["errors"]))];
    }
}
