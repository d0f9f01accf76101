extern alias ImageApi;
using System.Globalization;
using CloudImageService.Infra.Service;
using CloudImageService.Storage.Schema;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using StorageOptions = ImageApi::CloudImageService.Storage.StorageOptions;

namespace CloudImageService.Infra.Tests;

/// <summary>The load balancer waits for the API's longest request instead of answering 504 while it still runs.</summary>
public class LoadBalancerTimeoutTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    private TimeSpan IdleTimeout => TimeSpan.FromSeconds(int.Parse(Assert.Single(
        stacks.Service.Properties("AWS::ElasticLoadBalancingV2::LoadBalancer").GetProperty("LoadBalancerAttributes").EnumerateArray(),
        attribute => attribute.GetProperty("Key").GetString() == "idle_timeout.timeout_seconds")
        .GetProperty("Value").GetString()!, CultureInfo.InvariantCulture));

    [Fact]
    public void The_idle_timeout_outlasts_the_longest_request_the_API_allows_by_default()
    {
        var storage = new StorageOptions();
        var longest = TimeSpan.FromSeconds(RequestBudgets.LongestRequestSeconds);

        Assert.Equal(storage.RequestBudget + storage.ConfirmBudget, longest);
        Assert.Equal(TimeSpan.FromSeconds(PublicLoadBalancer.IdleTimeoutSeconds), IdleTimeout);
        Assert.True(IdleTimeout >= longest + TimeSpan.FromSeconds(5), $"idle timeout {IdleTimeout} < {longest} + 5 s");
    }

    [Fact]
    public void The_API_keeps_an_idle_connection_open_longer_than_the_load_balancer_does() =>
        // Otherwise the API may close a connection just as the load balancer sends the next request on it: a 502.
        Assert.True(new KestrelServerOptions().Limits.KeepAliveTimeout > IdleTimeout);
}
