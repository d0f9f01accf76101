using System.Text.Json.Nodes;
using TestSupport;

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
        var verdicts = await NodeScript.RunJsonAsync("IamPolicy", "evaluate.mjs", input, requests.Count);
        return [.. requests.Zip(verdicts, (request, verdict) =>
            new IamVerdict(request, (string)verdict!["result"]!, (string?)verdict["errors"]))];
    }
}
