using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace ImageApi.Tests.Security;

/// <summary>An API started with authentication off says so, loudly, in its log; one with JWT does not.</summary>
public class AnonymousAccessWarningTests
{
    private const string Warning = "AUTHENTICATION IS OFF";

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void Starting_with_auth_mode_none_logs_a_warning(string environment)
    {
        var logs = new CapturedLogs();
        using var factory = App(logs, environment, ("Auth:Mode", "None"), ("Auth:AllowAnonymousOutsideDevelopment", "true"));

        factory.StartServer();

        var warning = Assert.Single(logs.Entries, entry => entry.Message.Contains(Warning, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(environment, warning.Message);
    }

    [Fact]
    public async Task Starting_with_jwt_logs_no_such_warning()
    {
        var logs = new CapturedLogs();
        using var factory = App(logs, "Development",
            ("Auth:Mode", "Jwt"),
            ("Authentication:Schemes:Bearer:ValidIssuer", "https://issuer.example"),
            ("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", "https://issuer.example"),
            ("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(new byte[32])));

        factory.StartServer();

        // The start-up lines are the proof that this host's log is captured at all; under a loaded test run they can
        // land a moment after StartServer returns.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!logs.Entries.Any(entry => entry.Message.Contains("Hosting environment: Development", StringComparison.Ordinal)))
        {
            await Task.Delay(10, limit.Token);
        }
        Assert.DoesNotContain(logs.Entries, entry => entry.Message.Contains(Warning, StringComparison.Ordinal));
    }

    private static WebApplicationFactory<Program> App(CapturedLogs logs, string environment, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment(environment)
                .UseSetting("AWS:Region", "us-east-1")
                .ConfigureLogging(logging => logging.AddProvider(logs));
            foreach (var (key, value) in settings) host.UseSetting(key, value);
        });
}
