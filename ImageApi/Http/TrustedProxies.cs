using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CloudImageService.Http;

/// <summary>
/// Section "ForwardedHeaders": the proxies (e.g. the load balancer's subnets) whose X-Forwarded-For and
/// X-Forwarded-Proto are believed. With none configured the headers are ignored, so no client can spoof its address
/// (which keys the rate limiter without auth) or the scheme.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>CIDR ranges, e.g. the VPC's "10.0.0.0/16".</summary>
    public string[] KnownNetworks { get; set; } = [];

    public string[] KnownProxies { get; set; } = [];
}

public static class TrustedProxies
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var trusted = builder.Configuration.GetSection(TrustedProxyOptions.SectionName).Get<TrustedProxyOptions>() ?? new();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With both lists empty ASP.NET Core believes every sender, so no trusted proxy must mean no forwarded headers.
            options.ForwardedHeaders = trusted.KnownNetworks.Length + trusted.KnownProxies.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var network in trusted.KnownNetworks) options.KnownIPNetworks.Add(Parse(network, System.Net.IPNetwork.Parse));
            foreach (var proxy in trusted.KnownProxies) options.KnownProxies.Add(Parse(proxy, IPAddress.Parse));
        });
        return builder;
    }

    private static T Parse<T>(string value, Func<string, T> parse)
    {
        try
        {
            return parse(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{TrustedProxyOptions.SectionName}: '{value}' is not an IP address or CIDR range.");
        }
    }
}
