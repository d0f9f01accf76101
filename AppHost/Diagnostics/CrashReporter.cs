using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudImageService.AppHost.Diagnostics;

/// <summary>
/// A resource that stops on its own leaves its proxy answering nothing, so a request just hangs. This says so in
/// the AppHost's console within seconds, with the exit code and where to read why.
/// </summary>
public sealed partial class CrashReporter(
    string resourceName,
    ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    ILogger<CrashReporter> logger) : BackgroundService
{
    private static readonly string[] StoppedStates =
        [KnownResourceStates.Exited, KnownResourceStates.FailedToStart, KnownResourceStates.Finished];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await notifications.WaitForResourceAsync(resourceName, KnownResourceStates.Running, stopping.Token);
            var stopped = await notifications.WaitForResourceAsync(
                resourceName, resourceEvent => StoppedStates.Contains(resourceEvent.Snapshot.State?.Text), stopping.Token);
            if (stopping.IsCancellationRequested) return;
            LogStopped(resourceName, stopped.Snapshot.State?.Text, stopped.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "{Resource} stopped ({State}, exit code {ExitCode}); requests to it will not be answered. Its console logs in the "
            + "dashboard say why. With Auth:Mode=Jwt, run `dotnet user-jwts create --project ImageApi` once before starting.")]
    private partial void LogStopped(string resource, string? state, string exitCode);
}
