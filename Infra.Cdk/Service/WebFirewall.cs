using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.WAFv2;
using Constructs;
using static Amazon.CDK.AWS.WAFv2.CfnWebACL;

namespace CloudImageService.Infra.Service;

public sealed record WebFirewallProps(IApplicationLoadBalancer LoadBalancer);

/// <summary>
/// AWS WAF on the load balancer: the <see cref="ManagedRuleGroups"/> (bad addresses, known exploits, common attacks),
/// and limits per client address that hold across every task, which the API's in-process
/// per-user limiter cannot (each task counts alone, so N tasks allow N times its limit). WAF counts over a sliding
/// window and acts within a minute or so, so it stops floods, not the 61st request; the API's limiter stays the precise,
/// per-user one. Refused requests get 429 with a problem+json body, like the API's own limiter.
/// </summary>
public sealed class WebFirewall : Construct
{
    public const int WindowSeconds = 300;

    /// <summary>Any request, per client address and window: a browser session stays far below it.</summary>
    public const int RequestsPerAddress = 3000;

    /// <summary>POST /images/upload per client address and window: five times the API's default per-user rate.</summary>
    public const int UploadsPerAddress = 300;

    public const string UploadPath = "/images/upload";

    private const string TooManyRequestsBody = "too-many-requests";

    private const string TooManyRequestsProblem =
        "{\"type\":\"https://tools.ietf.org/html/rfc6585#section-4\",\"title\":\"Too Many Requests\",\"status\":429,"
        + "\"detail\":\"Too many requests from this address; retry in a few minutes.\"}";

    public WebFirewall(Construct scope, string id, WebFirewallProps props) : base(scope, id)
    {
        WebAcl = new CfnWebACL(this, StableIds.MainResource, new CfnWebACLProps
        {
            Scope = "REGIONAL",
            Description = "Cloud Image Service: request rate limits per client address and AWS managed rules",
            DefaultAction = new DefaultActionProperty { Allow = new AllowActionProperty() },
            VisibilityConfig = Visibility("cloud-image-service"),
            CustomResponseBodies = new Dictionary<string, object>
            {
                [TooManyRequestsBody] = new CustomResponseBodyProperty
                {
                    ContentType = "APPLICATION_JSON",
                    Content = TooManyRequestsProblem,
                },
            },
            Rules = (object[])
            [
                RateRule("requests-per-address", priority: 0, RequestsPerAddress, scopeDown: null),
                RateRule("uploads-per-address", priority: 1, UploadsPerAddress, scopeDown: new StatementProperty
                {
                    AndStatement = new AndStatementProperty
                    {
                        Statements = new object[]
                        {
                            Match(new FieldToMatchProperty { Method = new Dictionary<string, object>() }, "EXACTLY", "POST"),
                            // ASP.NET Core routes /Images/Upload/ and %-encoded paths here too: match them all.
                            Match(new FieldToMatchProperty { UriPath = new Dictionary<string, object>() }, "STARTS_WITH", UploadPath,
                                "URL_DECODE", "LOWERCASE"),
                        },
                    },
                }),
                .. ManagedRuleGroups.All.Select(object (group, index) => ManagedRule(group, priority: 2 + index)),
            ],
        });

        Association = new CfnWebACLAssociation(this, "Association", new CfnWebACLAssociationProps
        {
            ResourceArn = props.LoadBalancer.LoadBalancerArn,
            WebAclArn = WebAcl.AttrArn,
        });
    }

    public CfnWebACL WebAcl { get; }
    public CfnWebACLAssociation Association { get; }

    private static RuleProperty RateRule(string name, int priority, int limit, StatementProperty? scopeDown) => new()
    {
        Name = name,
        Priority = priority,
        Statement = new StatementProperty
        {
            RateBasedStatement = new RateBasedStatementProperty
            {
                // The load balancer sees the client's address itself: no forwarded header to trust or spoof.
                AggregateKeyType = "IP",
                Limit = limit,
                EvaluationWindowSec = WindowSeconds,
                ScopeDownStatement = scopeDown,
            },
        },
        Action = new RuleActionProperty
        {
            Block = new BlockActionProperty
            {
                CustomResponse = new CustomResponseProperty { ResponseCode = 429, CustomResponseBodyKey = TooManyRequestsBody },
            },
        },
        VisibilityConfig = Visibility(name),
    };

    /// <summary>Runs the group with its own actions (block), except the rules it names as counted.</summary>
    private static RuleProperty ManagedRule(ManagedRuleGroup group, int priority) => new()
    {
        Name = group.RuleName,
        Priority = priority,
        Statement = new StatementProperty
        {
            ManagedRuleGroupStatement = new ManagedRuleGroupStatementProperty
            {
                VendorName = "AWS",
                Name = group.Name,
                RuleActionOverrides = group.Counted.Count == 0
                    ? null
                    : group.Counted.Keys.Select(object (rule) => new RuleActionOverrideProperty
                    {
                        Name = rule,
                        ActionToUse = new RuleActionProperty { Count = new CountActionProperty() },
                    }).ToArray(),
            },
        },
        OverrideAction = new OverrideActionProperty { None = new Dictionary<string, object>() },
        VisibilityConfig = Visibility(group.RuleName),
    };

    private static StatementProperty Match(
        FieldToMatchProperty field, string constraint, string value, params string[] transformations)
    {
        string[] types = transformations.Length == 0 ? ["NONE"] : transformations;
        return new StatementProperty
        {
            ByteMatchStatement = new ByteMatchStatementProperty
            {
                FieldToMatch = field,
                PositionalConstraint = constraint,
                SearchString = value,
                TextTransformations = types
                    .Select(object (type, priority) => new TextTransformationProperty { Priority = priority, Type = type })
                    .ToArray(),
            },
        };
    }

    private static VisibilityConfigProperty Visibility(string metric) => new()
    {
        CloudWatchMetricsEnabled = true,
        MetricName = metric,
        SampledRequestsEnabled = true,
    };
}
