using System.Diagnostics;
using System.Net;

namespace AppHost.Tests;

/// <summary>
/// DynamoDB that accepts connections and never answers (its process stopped with SIGSTOP): every route, confirming
/// ones included, answers 503 with Retry-After within the ordinary request budget rather than the confirmation's.
/// Liveness (what the load balancer checks) stays 200 meanwhile, so a storage outage replaces no task; readiness
/// (for people and dashboards) says 503.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class FrozenStoreTests(ImageServiceFixture service)
{
    // Storage:RequestBudget is 4.5 s; the rest is slack for a busy test machine, not part of the promise.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task With_dynamodb_frozen_every_route_answers_503_within_the_request_budget_while_the_process_stays_alive()
    {
        var pending = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());
        var routes = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, $"/images/{pending}"),
            (HttpMethod.Get, $"/images/{pending}/download"),
            (HttpMethod.Post, $"/images/{pending}/complete"),
            (HttpMethod.Get, $"/images/{pending}/thumbnail"),
            (HttpMethod.Get, "/images?user_id=someone"),
        };

        var pid = DynamoDbPid();
        Signal("STOP", pid);
        try
        {
            foreach (var (method, path) in routes)
            {
                var clock = Stopwatch.StartNew();
                using var response = await service.Api.Http.SendAsync(new HttpRequestMessage(method, path));

                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {(int)response.StatusCode}");
                Assert.True(clock.Elapsed < Bound, $"{method} {path} took {clock.Elapsed.TotalSeconds:0.0} s");
                Assert.NotNull(response.Headers.RetryAfter);
            }

            using var alive = await service.Api.Http.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            var readinessClock = Stopwatch.StartNew();
            using var ready = await service.Api.Http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(readinessClock.Elapsed < Bound, $"/health took {readinessClock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            Signal("CONT", pid);
        }

        using var after = await service.Api.Http.PostAsync($"/images/{pending}/complete", null);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private int DynamoDbPid()
    {
        Assert.True(service.App.ResourceNotifications.TryGetCurrentState("dynamodb", out var state), "no dynamodb resource");
        var pid = state!.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value;
        return Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
