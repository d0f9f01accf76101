using CloudImageService.Storage.Schema;


namespace CloudImageService.Infra.Service;

/// <summary>
/// How a task stops without cutting off a confirmation. ECS first deregisters the task from the target group: the
/// load balancer sends it no new request and gives those in flight <see cref="DeregistrationDelaySeconds"/>. Then ECS
/// sends SIGTERM: the host stops taking requests, lets the rest finish (a SIGTERM can also come without a drain, e.g.
/// <c>aws ecs stop-task</c>) and ends its background work within <see cref="HostShutdownSeconds"/>, and
/// <see cref="StopTimeoutSeconds"/> after SIGTERM ECS kills what still runs.
/// </summary>
public static class GracefulStop
{
    /// <summary>
    /// The longest request (<see cref="RequestBudgets.LongestRequestSeconds"/>) and a margin (the load balancer's default
    /// is 300 s, which only slows deployments).
    /// </summary>
    public const int DeregistrationDelaySeconds = 70;

    /// <summary>The same again after SIGTERM, for requests that did not go through a drain.</summary>
    public const int HostShutdownSeconds = 70;

    /// <summary>Five more seconds to flush logs and exit; Fargate allows at most 120.</summary>
    public const int StopTimeoutSeconds = HostShutdownSeconds + 5;
}
