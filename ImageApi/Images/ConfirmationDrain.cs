namespace CloudImageService.Images;

/// <summary>
/// Graceful shutdown of confirmations. When the host stops (SIGTERM from ECS, Ctrl+C), new runs are refused with 503
/// and Retry-After at once, so the load balancer's retry lands on another task, and the runs in progress get until
/// the host's shutdown timeout (<c>HostOptions:ShutdownTimeout</c>) to finish; the ones still going then are stopped
/// and give their leases back.
/// </summary>
public sealed class ConfirmationDrain(UploadConfirmation confirmation) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => confirmation.DrainAsync(cancellationToken);
}
