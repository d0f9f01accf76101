namespace CloudImageService.Infra.Service;

/// <summary>An AWS managed rule group and the rules of it that only count (they would refuse legitimate calls).</summary>
/// <param name="Name">The group's name at vendor AWS.</param>
/// <param name="RuleName">The web ACL rule that runs the group (also its CloudWatch metric name).</param>
/// <param name="Counted">Rules overridden to count instead of block, with why.</param>
public sealed record ManagedRuleGroup(string Name, string RuleName, IReadOnlyDictionary<string, string> Counted);

/// <summary>
/// The AWS managed rule groups in front of the API, cheapest first: addresses with a bad reputation, then requests
/// carrying known exploit payloads, then the common rule set (OWASP-style checks). Image bytes never pass the load
/// balancer (browsers PUT them to S3 through presigned URLs), so what WAF inspects is small JSON, paths and queries.
/// </summary>
public static class ManagedRuleGroups
{
    public static readonly ManagedRuleGroup IpReputation = new(
        "AWSManagedRulesAmazonIpReputationList", "aws-ip-reputation", new Dictionary<string, string>());

    public static readonly ManagedRuleGroup KnownBadInputs = new(
        "AWSManagedRulesKnownBadInputsRuleSet", "aws-known-bad-inputs", new Dictionary<string, string>());

    public static readonly ManagedRuleGroup Common = new(
        "AWSManagedRulesCommonRuleSet", "aws-common-rule-set", new Dictionary<string, string>
        {
            ["SizeRestrictions_BODY"] = "bodies over 8 KB: a part-URL request signs up to 100 parts with a base64 SHA-256 each "
                + "(about 7.5 KB compact, more when indented), and the API bounds every body itself (64 KB on upload, else 413)",
            ["SizeRestrictions_QUERYSTRING"] = "query strings over 2 KB: a listing's signed cursor plus filters on up to 20 tags "
                + "of 64 characters can exceed it, and the API validates every query parameter itself (400 naming it)",
            ["NoUserAgent_HEADER"] = "requests without a User-Agent: .NET's HttpClient (so Kiota clients) and many scripts send none",
            ["GenericRFI_QUERYARGUMENTS"] = "URLs with an IP address in query arguments (an OpenID Connect callback may carry "
                + "one): remote file inclusion needs a server that fetches URLs from input, and the API never does",
            ["GenericRFI_BODY"] = "URLs with an IP address in a body, e.g. a description: the API stores text and fetches no URL",
        });

    /// <summary>In priority order (after the rate rules).</summary>
    public static readonly IReadOnlyList<ManagedRuleGroup> All = [IpReputation, KnownBadInputs, Common];
}
