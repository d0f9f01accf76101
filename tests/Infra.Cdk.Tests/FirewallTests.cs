using System.Text.Json;
using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

/// <summary>The web ACL runs AWS managed rule groups besides the per-address rate rules.</summary>
public class FirewallTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    private IReadOnlyList<JsonElement> Rules =>
        [.. stacks.Service.Properties("AWS::WAFv2::WebACL").GetProperty("Rules").EnumerateArray()];

    private JsonElement Group(string name) => Assert.Single(Rules, rule =>
        rule.GetProperty("Statement").TryGetProperty("ManagedRuleGroupStatement", out var group)
        && group.GetProperty("Name").GetString() == name);

    private static string[] Counted(JsonElement rule) =>
        rule.GetProperty("Statement").GetProperty("ManagedRuleGroupStatement").TryGetProperty("RuleActionOverrides", out var overrides)
            ? [.. overrides.EnumerateArray().Select(item =>
            {
                Assert.Equal(["Count"], item.GetProperty("ActionToUse").EnumerateObject().Select(action => action.Name));
                return item.GetProperty("Name").GetString()!;
            })]
            : [];

    [Theory]
    [InlineData("AWSManagedRulesAmazonIpReputationList")]
    [InlineData("AWSManagedRulesKnownBadInputsRuleSet")]
    [InlineData("AWSManagedRulesCommonRuleSet")]
    public void Runs_the_AWS_managed_rule_group_with_its_own_actions(string name)
    {
        var rule = Group(name);

        Assert.Equal("AWS", rule.GetProperty("Statement").GetProperty("ManagedRuleGroupStatement").GetProperty("VendorName").GetString());
        Assert.Equal(["None"], rule.GetProperty("OverrideAction").EnumerateObject().Select(action => action.Name));
        Assert.False(rule.TryGetProperty("Action", out _));
    }

    [Fact]
    public void Only_the_common_rules_that_would_refuse_legitimate_calls_are_set_to_count()
    {
        Assert.Equal(
            ["GenericRFI_BODY", "GenericRFI_QUERYARGUMENTS", "NoUserAgent_HEADER", "SizeRestrictions_BODY", "SizeRestrictions_QUERYSTRING"],
            Counted(Group("AWSManagedRulesCommonRuleSet")).Order());
        Assert.Equal(ManagedRuleGroups.Common.Counted.Keys.Order(), Counted(Group("AWSManagedRulesCommonRuleSet")).Order());
        Assert.Empty(Counted(Group("AWSManagedRulesKnownBadInputsRuleSet")));
        Assert.Empty(Counted(Group("AWSManagedRulesAmazonIpReputationList")));
    }

    [Fact]
    public void Cross_site_scripting_path_traversal_and_metadata_probes_still_block() =>
        Assert.DoesNotContain(Counted(Group("AWSManagedRulesCommonRuleSet")), rule =>
            rule.StartsWith("CrossSiteScripting", StringComparison.Ordinal)
            || rule.StartsWith("GenericLFI", StringComparison.Ordinal)
            || rule.StartsWith("EC2MetaDataSSRF", StringComparison.Ordinal));

    [Fact]
    public void The_rate_rules_stay_first_and_every_rule_has_its_own_priority_and_metric()
    {
        var byPriority = Rules.OrderBy(rule => rule.GetProperty("Priority").GetInt32()).ToList();

        Assert.Equal(5, Rules.Count);
        Assert.Equal(Rules.Count, Rules.Select(rule => rule.GetProperty("Priority").GetInt32()).Distinct().Count());
        Assert.All(byPriority.Take(2), rule => Assert.True(rule.GetProperty("Statement").TryGetProperty("RateBasedStatement", out _)));
        Assert.Equal(
            ["requests-per-address", "uploads-per-address", "aws-ip-reputation", "aws-known-bad-inputs", "aws-common-rule-set"],
            byPriority.Select(rule => rule.GetProperty("Name").GetString()));
        Assert.Equal(Rules.Count, Rules.Select(rule => rule.GetProperty("VisibilityConfig").GetProperty("MetricName").GetString()).Distinct().Count());
        Assert.All(Rules, rule => Assert.True(rule.GetProperty("VisibilityConfig").GetProperty("CloudWatchMetricsEnabled").GetBoolean()));
    }
}
