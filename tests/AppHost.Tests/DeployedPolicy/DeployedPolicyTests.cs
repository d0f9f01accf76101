using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace AppHost.Tests.DeployedPolicy;

/// <summary>Runs after every parallel collection, so it judges all the calls the end-to-end suites made.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeployedPolicyCollection
{
    public const string Name = "The deployed policy, judged after the end-to-end suites";
}

[Collection(DeployedPolicyCollection.Name)]
public sealed partial class DeployedPolicyTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<Judgement>> Verdicts = new(JudgeAsync);

    [Fact]
    public async Task Every_AWS_call_the_end_to_end_suites_made_is_allowed_by_the_policy_the_CDK_app_deploys()
    {
        var judgement = await Verdicts.Value;
        foreach (var line in judgement.Verdicts.Select(verdict => $"{verdict.Result,-16} {verdict.Request.Action} {verdict.Request.Resource}").Distinct())
        {
            output.WriteLine(line);
        }

        var denied = judgement.Verdicts.Where(verdict => !verdict.Allowed)
            .Select(verdict => $"{verdict.Request.Call} needs {verdict.Request.Action} on {verdict.Request.Resource}" +
                $"{Context(verdict.Request)}: {verdict.Result}{(verdict.Errors is null ? "" : $" {verdict.Errors}")}")
            .Distinct().ToList();
        Assert.True(denied.Count == 0, "The task role's policy refuses calls the API makes:\n" + string.Join('\n', denied));
    }

    [Fact]
    public async Task Every_action_the_policy_grants_is_used_by_a_recorded_call()
    {
        var judgement = await Verdicts.Value;
        var used = judgement.Verdicts.Select(verdict => verdict.Request.Action).ToHashSet();
        var granted = judgement.Policy["Statement"]!.AsArray()
            .SelectMany(statement => statement!["Action"] is JsonArray actions ? actions.Select(action => (string)action!) : [(string)statement["Action"]!]);

        var unused = granted.Where(action => !used.Contains(action)).Distinct().Order().ToList();
        Assert.True(unused.Count == 0, "The policy grants actions no recorded call needs (least privilege): " + string.Join(", ", unused));
    }

    [Fact]
    public async Task The_judge_refuses_what_the_policy_does_not_grant()
    {
        var judgement = await Verdicts.Value;
        var call = judgement.Verdicts.First(verdict => verdict.Request.Action == "s3:GetObject").Request.Call;
        var outside = call with { Keys = ["not-a-prefix-of-the-schema/object"] };
        var listing = call with { Operation = "ListObjectsV2", Prefix = "images/", Keys = null };

        var verdicts = await IamSimulator.EvaluateAsync(judgement.Policy, [.. IamRequests.For(outside), .. IamRequests.For(listing)]);

        Assert.All(verdicts, verdict => Assert.Equal("ImplicitlyDenied", verdict.Result));
    }

    private static string Context(IamRequest request) =>
        request.Context.Count == 0 ? "" : $" with {string.Join(", ", request.Context.Select(pair => $"{pair.Key}='{pair.Value}'"))}";

    private static async Task<Judgement> JudgeAsync()
    {
        var calls = RecordedAwsCalls.ReadAll();
        Assert.True(calls.Count > 0,
            $"No AWS calls were recorded in {RecordedAwsCalls.Directory}: this test judges what the AppHost suites of the same run recorded.");
        var bucket = Assert.Single(calls.Select(call => call.Bucket).OfType<string>().Distinct());
        var table = Assert.Single(calls.Select(call => call.Table).OfType<string>().Distinct());
        var policy = DeployedApiPolicy.Synthesize(bucket, table);
        // One request per action, resource (image ids aside) and context: the policy names prefixes, not images.
        var requests = calls.SelectMany(IamRequests.For)
            .DistinctBy(request => (request.Action, ImageIds().Replace(request.Resource, "{id}"), string.Join(",", request.Context)))
            .ToList();
        return new Judgement(policy, await IamSimulator.EvaluateAsync(policy, requests));
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial System.Text.RegularExpressions.Regex ImageIds();

    private sealed record Judgement(JsonObject Policy, IReadOnlyList<IamVerdict> Verdicts);
}
