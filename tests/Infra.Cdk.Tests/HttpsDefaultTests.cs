using Amazon.CDK;
using Amazon.CDK.Assertions;
using CloudImageService.Infra.Service;
using Annotations = Amazon.CDK.Assertions.Annotations;

namespace CloudImageService.Infra.Tests;

/// <summary>The service stack serves HTTPS unless the caller opts out with <c>-c allowHttp=true</c>.</summary>
public class HttpsDefaultTests
{
    static HttpsDefaultTests() =>
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Without_a_certificate_the_service_stack_refuses_to_synthesize_and_names_both_fixes(string? allowHttp)
    {
        var context = new Dictionary<string, object>
        {
            [ServiceContext.JwtIssuerKey] = "https://issuer.example",
            [ServiceContext.JwtAudienceKey] = "cloud-image-service",
        };
        if (allowHttp is not null) context[ServiceContext.AllowHttpKey] = allowHttp;

        var error = Assert.Throws<ArgumentException>(() => CloudImageServiceApp.Define(new App(new AppProps { Context = context })));

        Assert.Contains("-c certificateArn=", error.Message);
        Assert.Contains("-c allowHttp=true", error.Message);
    }

    [Fact]
    public void The_storage_stack_alone_needs_no_certificate() =>
        Assert.Null(CloudImageServiceApp.Define(new App()).Service);

    [Fact]
    public void An_explicit_opt_out_allows_plain_http() =>
        Assert.True(ServiceContext.Create("https://issuer.example", ["aud"], null, null, 2, allowHttp: true).AllowHttp);

    [Fact]
    public void An_unparseable_allow_http_is_refused()
    {
        var app = new App(new AppProps
        {
            Context = new Dictionary<string, object>
            {
                [ServiceContext.JwtIssuerKey] = "https://issuer.example",
                [ServiceContext.JwtAudienceKey] = "a",
                [ServiceContext.AllowHttpKey] = "yes",
            }
        });

        Assert.Contains("allowHttp", Assert.Throws<ArgumentException>(() => ServiceContext.From(app.Node)).Message);
    }

    [Fact]
    public void A_certificate_alone_is_enough() =>
        Assert.Equal("arn:aws:acm:us-east-1:1:certificate/x",
            ServiceContext.Create("https://issuer.example", ["aud"], null, "arn:aws:acm:us-east-1:1:certificate/x", 2).CertificateArn);
}

public class PlainHttpOptOutTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    [Fact]
    public void With_allow_http_the_stack_synthesizes_an_http_listener_and_warns_that_tokens_travel_in_clear_text()
    {
        Assert.Equal("HTTP", stacks.Service.Properties("AWS::ElasticLoadBalancingV2::Listener").GetProperty("Protocol").GetString());
        Annotations.FromStack(stacks.ServiceStack).HasWarning("*", Match.StringLikeRegexp(".*plain HTTP.*certificateArn.*"));
    }
}

public class HttpsByDefaultTests(SynthesizedHttpsService stacks) : IClassFixture<SynthesizedHttpsService>
{
    [Fact]
    public void With_a_certificate_there_is_no_plain_http_warning() =>
        Annotations.FromStack(stacks.ServiceStack).HasNoWarning("*", Match.StringLikeRegexp(".*plain HTTP.*"));
}
