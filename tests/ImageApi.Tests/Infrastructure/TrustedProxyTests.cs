using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies in section ForwardedHeaders. The client
/// address keys the rate limiter without auth, so a believed forgery would hand a caller as many limits as it likes.
/// </summary>
public class TrustedProxyTests
{
    private static readonly IPAddress LoadBalancer = IPAddress.Parse("10.0.3.7");
    private static readonly IPAddress Outsider = IPAddress.Parse("198.51.100.20");

    // The answer to a malformed image id, so the limiter let the request through; and its refusal.
    private const int Served = StatusCodes.Status400BadRequest;
    private const int Limited = StatusCodes.Status429TooManyRequests;

    [Theory]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/16")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.3.7")]
    public async Task A_configured_proxy_forwards_the_client_address_and_scheme(string setting, string proxy)
    {
        using var factory = App((setting, proxy));

        var seen = await SendAsync(factory, LoadBalancer, forwardedFor: "203.0.113.5", forwardedProto: "https");

        Assert.Equal(IPAddress.Parse("203.0.113.5"), seen.Connection.RemoteIpAddress);
        Assert.Equal("https", seen.Request.Scheme);
    }

    [Fact]
    public async Task Any_other_sender_has_its_forwarded_headers_ignored()
    {
        using var factory = App(("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/16"));

        var seen = await SendAsync(factory, Outsider, forwardedFor: "203.0.113.5", forwardedProto: "https");

        Assert.Equal(Outsider, seen.Connection.RemoteIpAddress);
        Assert.Equal("http", seen.Request.Scheme);
    }

    [Theory]
    [InlineData("127.0.0.1")] // ASP.NET Core's own default trusts loopback; the API's does not.
    [InlineData("10.0.3.7")]
    public async Task With_no_proxy_configured_nobody_is_believed(string sender)
    {
        using var factory = App();

        var seen = await SendAsync(factory, IPAddress.Parse(sender), forwardedFor: "203.0.113.5", forwardedProto: "https");

        Assert.Equal(IPAddress.Parse(sender), seen.Connection.RemoteIpAddress);
        Assert.Equal("http", seen.Request.Scheme);
    }

    [Fact]
    public async Task Anonymous_callers_are_rate_limited_by_the_address_the_trusted_proxy_forwards_and_forgeries_do_not_help()
    {
        using var factory = App(("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/16"), ("RateLimiting:RequestPermitLimit", "1"));

        // Behind the load balancer each client has its own limit.
        Assert.Equal(Served, await StatusAsync(factory, LoadBalancer, forwardedFor: "203.0.113.5"));
        Assert.Equal(Limited, await StatusAsync(factory, LoadBalancer, forwardedFor: "203.0.113.5"));
        Assert.Equal(Served, await StatusAsync(factory, LoadBalancer, forwardedFor: "203.0.113.6"));

        // A direct caller cannot claim a fresh address to escape its own limit.
        Assert.Equal(Served, await StatusAsync(factory, Outsider, forwardedFor: "192.0.2.1"));
        Assert.Equal(Limited, await StatusAsync(factory, Outsider, forwardedFor: "192.0.2.2"));
    }

    private static WebApplicationFactory<Program> App(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Development")
                .UseSetting("AWS:Region", "us-east-1")
                .UseSetting("Auth:Mode", "None");
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });

    private static async Task<int> StatusAsync(WebApplicationFactory<Program> factory, IPAddress sender, string forwardedFor) =>
        (await SendAsync(factory, sender, forwardedFor, forwardedProto: null)).Response.StatusCode;

    // A malformed image id is refused before any storage call, after the rate limiter has counted the request.
    private static Task<HttpContext> SendAsync(
        WebApplicationFactory<Program> factory, IPAddress sender, string forwardedFor, string? forwardedProto) =>
        factory.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = sender;
            context.Request.Method = HttpMethods.Get;
            context.Request.Path = "/images/not-an-image-id";
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            if (forwardedProto is not null) context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        });
}
