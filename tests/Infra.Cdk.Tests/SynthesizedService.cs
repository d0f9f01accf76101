using System.Text.Json;
using Amazon.CDK;
using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// Both stacks synthesized once, as <c>cdk synth -c jwtIssuer=… -c jwtAudience=… -c publicOrigin=… -c allowHttp=true</c>
/// would (the context <c>.ci/run</c> uses: plain HTTP, opted into explicitly). Only the image asset's build context is
/// staged: no Docker is involved.
/// </summary>
public class SynthesizedService
{
    public const string Issuer = "https://issuer.example";
    public const string Audience = "cloud-image-service";
    public const string PublicOrigin = "https://images.example.com";

    static SynthesizedService() =>
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

    public SynthesizedService() : this(new Dictionary<string, object>()) { }

    protected SynthesizedService(IDictionary<string, object> extraContext)
    {
        var context = new Dictionary<string, object>
        {
            [ServiceContext.JwtIssuerKey] = Issuer,
            [ServiceContext.JwtAudienceKey] = Audience,
            [StackContext.PublicOriginKey] = PublicOrigin,
            [ServiceContext.AllowHttpKey] = "true",
        };
        foreach (var (key, value) in extraContext) context[key] = value;

        var (storage, service) = CloudImageServiceApp.Define(new App(new AppProps { Context = context }));
        ServiceStack = Assert.IsType<ImageServiceStack>(service);
        Storage = new StackTemplate(storage);
        Service = new StackTemplate(ServiceStack);
    }

    public ImageServiceStack ServiceStack { get; }
    public StackTemplate Storage { get; }
    public StackTemplate Service { get; }

    /// <summary>The ImageApi's container definition: the one that maps the container port.</summary>
    public JsonElement Container => Service.Properties("AWS::ECS::TaskDefinition").GetProperty("ContainerDefinitions").EnumerateArray()
        .Single(container => container.TryGetProperty("PortMappings", out var ports)
                             && ports.EnumerateArray().Any(port => port.GetProperty("ContainerPort").GetInt32() == ApiEnvironment.ContainerPort));

    /// <summary>The path the load balancer's target group checks.</summary>
    public string HealthCheckPath => Service.Properties("AWS::ElasticLoadBalancingV2::TargetGroup").GetProperty("HealthCheckPath").GetString()!;
}

/// <summary>The same with <c>-c certificateArn=…</c> and no <c>allowHttp</c>: HTTPS and a redirect from HTTP.</summary>
public sealed class SynthesizedHttpsService() : SynthesizedService(new Dictionary<string, object>
{
    [ServiceContext.CertificateArnKey] = CertificateArn,
    [ServiceContext.AllowHttpKey] = "false",
})
{
    public const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
}
