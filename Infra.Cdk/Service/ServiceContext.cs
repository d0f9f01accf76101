using Constructs;

namespace CloudImageService.Infra.Service;

/// <summary>
/// The service stack's deploy-time choices, read from CDK context. The API always runs with JWT authentication, so its
/// token issuer and audience are required: without both, <see cref="From"/> returns null and the app synthesizes the
/// storage stack alone; with only one of them it throws, since that is a half-configured deployment.
/// </summary>
/// <param name="JwtIssuer">An OpenID Connect issuer (https); the API fetches its signing keys from its metadata.</param>
/// <param name="JwtAudiences">Audiences a token must carry (one of).</param>
/// <param name="PublicOrigin">Where users open the service, e.g. https://images.example.com (also the bucket's CORS origin).</param>
/// <param name="CertificateArn">An ACM certificate in the stack's region: HTTPS on 443 and a redirect from 80.</param>
/// <param name="AllowHttp">
/// Without a certificate the load balancer would carry bearer tokens in clear text, so synthesis refuses unless the caller
/// opts out explicitly (<c>-c allowHttp=true</c>, for a private trial).
/// </param>
/// <param name="AlarmEmail">Subscribed to the alarms' SNS topic; without it the topic has no subscriber.</param>
/// <param name="NatGateways">1 saves about $32/month but an outage of that zone cuts the other zone's egress too.</param>
/// <param name="Task">CPU units and memory of each task; the API's decode budget follows from them.</param>
public sealed record ServiceContext(
    string JwtIssuer,
    IReadOnlyList<string> JwtAudiences,
    string? PublicOrigin,
    string? CertificateArn,
    int NatGateways,
    TaskSize Task,
    bool AllowHttp = false,
    string? AlarmEmail = null)
{
    public const string JwtIssuerKey = "jwtIssuer";
    public const string JwtAudienceKey = "jwtAudience";
    public const string CertificateArnKey = "certificateArn";
    public const string AllowHttpKey = "allowHttp";
    public const string AlarmEmailKey = "alarmEmail";
    public const string NatGatewaysKey = "natGateways";
    public const string TaskCpuKey = "taskCpu";
    public const string TaskMemoryKey = "taskMemoryMiB";

    public const int DefaultNatGateways = 2;

    /// <summary>The service's context, or null when neither issuer nor audience is given (storage-only deployment).</summary>
    public static ServiceContext? From(Node node)
    {
        var issuer = StackContext.ReadContext(node, JwtIssuerKey);
        var audiences = StackContext.ParseList(StackContext.ReadContext(node, JwtAudienceKey));
        if (issuer is null && audiences.Length == 0) return null;

        return Create(
            issuer,
            audiences,
            StackContext.ParsePublicOrigin(StackContext.ReadContext(node, StackContext.PublicOriginKey)),
            StackContext.ReadContext(node, CertificateArnKey),
            ParseNatGateways(StackContext.ReadContext(node, NatGatewaysKey)),
            TaskSize.Parse(StackContext.ReadContext(node, TaskCpuKey), StackContext.ReadContext(node, TaskMemoryKey)),
            ParseAllowHttp(StackContext.ReadContext(node, AllowHttpKey))) with
        {
            AlarmEmail = ParseEmail(StackContext.ReadContext(node, AlarmEmailKey)),
        };
    }

    /// <summary>
    /// Refuses a service without token validation (there is no way to deploy the API with auth off), and one that would
    /// carry tokens over plain HTTP unless <paramref name="allowHttp"/> says so.
    /// </summary>
    public static ServiceContext Create(
        string? jwtIssuer, IReadOnlyList<string> jwtAudiences, string? publicOrigin, string? certificateArn, int natGateways,
        TaskSize? task = null, bool allowHttp = false)
    {
        if (string.IsNullOrWhiteSpace(jwtIssuer) || jwtAudiences.Count == 0)
        {
            throw new ArgumentException(
                $"The service stack runs the API with JWT authentication and needs both -c {JwtIssuerKey}=https://issuer.example "
                + $"and -c {JwtAudienceKey}=<audience>. Omit both to deploy the storage stack alone.");
        }
        if (!Uri.TryCreate(jwtIssuer, UriKind.Absolute, out var issuer) || issuer.Scheme != "https")
        {
            throw new ArgumentException(
                $"Context '{JwtIssuerKey}' must be an https URL of an OpenID Connect issuer (the API reads its signing keys "
                + $"from <issuer>/.well-known/openid-configuration), not '{jwtIssuer}'.");
        }
        if (certificateArn is not null && !certificateArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Context '{CertificateArnKey}' must be an ACM certificate ARN, not '{certificateArn}'.");
        }
        if (certificateArn is null && !allowHttp)
        {
            throw new ArgumentException(
                $"The service stack serves HTTPS and needs -c {CertificateArnKey}=arn:aws:acm:<region>:<account>:certificate/<id> "
                + "(an ACM certificate for your domain, in the stack's region: see docs/deploy.md). Without one, "
                + $"bearer tokens would cross the internet in clear text; for a private trial, opt out with -c {AllowHttpKey}=true.");
        }
        return new ServiceContext(jwtIssuer, jwtAudiences, publicOrigin, certificateArn, natGateways, task ?? TaskSize.Default, allowHttp);
    }

    private static string? ParseEmail(string? value) =>
        value is null || System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value
            ? value
            : throw new ArgumentException($"Context '{AlarmEmailKey}' must be one e-mail address, not '{value}'.");

    private static bool ParseAllowHttp(string? value) => value?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new ArgumentException($"Context '{AllowHttpKey}' must be true or false, not '{value}'."),
    };

    private static int ParseNatGateways(string? value) => value switch
    {
        null => DefaultNatGateways,
        "1" => 1,
        "2" => 2,
        _ => throw new ArgumentException($"Context '{NatGatewaysKey}' must be 1 or 2, not '{value}'."),
    };
}
