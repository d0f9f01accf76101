using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace AppHost.Tests;

/// <summary>
/// An ImageApi that dies leaves its proxy answering nothing, so requests just hang: the AppHost must say so in its own
/// log. Each test kills the ImageApi, so it starts an AppHost of its own.
/// </summary>
public class CrashReporterTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    // The report comes within seconds; this deadline only catches one that never comes.
    private static readonly TimeSpan ReportDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task When_the_imageapi_dies_after_it_ran_the_apphost_logs_an_error_naming_it_its_state_and_exit_code()
    {
        var logs = new CapturedLogs();
        using var starting = new CancellationTokenSource(StartTimeout);
        await using var app = await TestAppHost.StartAsync(["LocalAws:InMemory=true"], _ => { }, starting.Token, logs);
        Assert.DoesNotContain(logs.Entries, IsStopReport);

        KillImageApi(app);

        using var deadline = new CancellationTokenSource(ReportDeadline);
        var stopped = await app.ResourceNotifications.WaitForResourceAsync(
            "imageapi", resourceEvent => KnownResourceStates.TerminalStates.Contains(resourceEvent.Snapshot.State?.Text), deadline.Token);
        var report = await EventuallyAsync(() => logs.Entries.FirstOrDefault(IsStopReport), deadline.Token);
        Assert.Contains(stopped.Snapshot.State!.Text, report.Message);
        Assert.Contains($"exit code {stopped.Snapshot.ExitCode}", report.Message);
    }

    private static bool IsStopReport(CapturedLogs.LogEntry entry) =>
        entry.Level == LogLevel.Error && entry.Message.Contains("imageapi stopped", StringComparison.Ordinal);

    /// <summary>
    /// Kills the ImageApi as a crash would. The resource's process is `dotnet run`, which runs the ImageApi as its child;
    /// killed alone, the launcher would leave the ImageApi running, so the whole tree goes.
    /// </summary>
    private static void KillImageApi(DistributedApplication app)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState("imageapi", out var current));
        var pid = current.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value;
        using var launcher = Process.GetProcessById(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
        launcher.Kill(entireProcessTree: true);
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> find, CancellationToken deadline) where T : class
    {
        while (true)
        {
            if (find() is { } found) return found;
            Assert.False(deadline.IsCancellationRequested, $"not within {ReportDeadline.TotalSeconds} s");
            await Task.Delay(250, CancellationToken.None);
        }
    }
}
