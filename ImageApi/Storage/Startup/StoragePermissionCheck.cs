using Amazon.Runtime;
using CloudImageService.Storage.Aws;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudImageService.Storage.Startup;

/// <summary>
/// Once storage is ready, and every <see cref="RecheckInterval"/> after, asks whether the credentials may do what the
/// API does. A missing permission makes liveness fail (the load balancer's check), so a deployment with a wrong policy
/// is rolled back by ECS's circuit breaker instead of serving 500s; it is logged naming each action.
/// </summary>
public sealed partial class StoragePermissionCheck(
    StoragePermissionProbe probe,
    StorageReadiness readiness,
    TimeProvider clock,
    ILogger<StoragePermissionCheck> logger) : BackgroundService, IHealthCheck
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(5);

    private volatile IReadOnlyList<string>? _missing;

    /// <summary>The actions found missing at the last check; null before the first verdict.</summary>
    public IReadOnlyList<string>? MissingActions => _missing;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_missing switch
        {
            null => HealthCheckResult.Healthy("Storage permissions not checked yet."),
            [] => HealthCheckResult.Healthy("The credentials may do everything the API does."),
            var missing => HealthCheckResult.Unhealthy(
                $"The deployment is misconfigured: its credentials lack {string.Join(", ", missing)}."),
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(await CheckOnceAsync(stoppingToken) ? RecheckInterval : RetryAfterOutage, clock, stoppingToken);
        }
    }

    /// <summary>Whether a verdict was reached (false: storage did not answer).</summary>
    public async Task<bool> CheckOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The probes check the API's calls; they are not among them.
            using var unrecorded = AwsCallLog.Suppress();
            var missing = await probe.FindMissingActionsAsync(cancellationToken);
            foreach (var action in missing) LogMissing(action);
            _missing = missing;
            return true;
        }
        catch (Exception exception) when (exception is AmazonClientException or AmazonServiceException or HttpRequestException
                                              or TimeoutException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogProbeFailed(exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "Storage refused {Action} to this deployment's credentials: grant it (the CDK app's ApiAccessPolicy does); until then this instance reports itself unhealthy")]
    private partial void LogMissing(string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking storage permissions failed; retrying")]
    private partial void LogProbeFailed(Exception exception);
}
