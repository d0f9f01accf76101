using System.Text.Json;

namespace CloudImageService.Infra.Tests;

public class HttpsServiceTests(SynthesizedHttpsService stacks) : IClassFixture<SynthesizedHttpsService>
{
    private IReadOnlyList<JsonElement> Listeners =>
        [.. stacks.Service.Resources("AWS::ElasticLoadBalancingV2::Listener").Select(listener => listener.Resource.GetProperty("Properties"))];

    [Fact]
    public void Serves_HTTPS_on_443_with_the_given_certificate_and_a_modern_TLS_policy()
    {
        var https = Assert.Single(Listeners, listener => listener.GetProperty("Protocol").GetString() == "HTTPS");

        Assert.Equal(443, https.GetProperty("Port").GetInt32());
        Assert.Equal(SynthesizedHttpsService.CertificateArn,
            Assert.Single(https.GetProperty("Certificates").EnumerateArray()).GetProperty("CertificateArn").GetString());
        Assert.StartsWith("ELBSecurityPolicy-TLS13", https.GetProperty("SslPolicy").GetString());
        Assert.Equal("forward", Assert.Single(https.GetProperty("DefaultActions").EnumerateArray()).GetProperty("Type").GetString());
    }

    [Fact]
    public void Redirects_HTTP_to_HTTPS_permanently()
    {
        var http = Assert.Single(Listeners, listener => listener.GetProperty("Protocol").GetString() == "HTTP");
        var action = Assert.Single(http.GetProperty("DefaultActions").EnumerateArray());

        Assert.Equal(80, http.GetProperty("Port").GetInt32());
        Assert.Equal("redirect", action.GetProperty("Type").GetString());
        Assert.Equal("HTTPS", action.GetProperty("RedirectConfig").GetProperty("Protocol").GetString());
        Assert.Equal("443", action.GetProperty("RedirectConfig").GetProperty("Port").GetString());
        Assert.Equal("HTTP_301", action.GetProperty("RedirectConfig").GetProperty("StatusCode").GetString());
    }

    [Fact]
    public void Has_exactly_the_two_listeners() => Assert.Equal(2, Listeners.Count);

    [Fact]
    public void Target_group_checks_liveness_behind_https_too() =>
        Assert.Equal("/alive", stacks.Service.Properties("AWS::ElasticLoadBalancingV2::TargetGroup")
            .GetProperty("HealthCheckPath").GetString());
}
