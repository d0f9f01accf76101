using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TestSupport;

/// <summary>
/// A pinned npm tool of the repository's (tests/IamPolicy, tests/CloudFrontReference) run as an independent judge:
/// one <c>node</c> process per batch, JSON in on standard input, a JSON array out, one answer per case.
/// </summary>
public static class NodeScript
{
    /// <summary>Runs <paramref name="script"/> in tests/<paramref name="tool"/>; fails the test naming the tool when it fails.</summary>
    public static async Task<JsonArray> RunJsonAsync(string tool, string script, JsonNode input, int expectedAnswers)
    {
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "tests", tool),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, $"{tool}/{script} failed ({node.ExitCode}): {await errors}");

        var answers = JsonNode.Parse(await output)!.AsArray();
        Assert.Equal(expectedAnswers, answers.Count);
        return answers;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CloudImageService.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CloudImageService.sln not found above the test output.");
    }
}
