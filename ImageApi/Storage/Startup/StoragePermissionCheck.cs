using Amazon.Runtime;
using CloudImageService.Storage.Aws;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudImageService.Storage.Startup;

/// <summary>
/// Once storage is ready, and every <see cref="RecheckInterval"/> after, asks whether the credentials may do what the
/// API does and the table has every index it queries. A missing permission or index makes liveness fail (the load
/// balancer's check), so a deployment with a wrong policy, or rolled out before its storage stack, is rolled back by
/// ECS's circuit breaker instead of serving 500s; it is logged naming each action and index.
/// </summary>
public sealed partial class StoragePermissionCheck(
    StoragePermissionProbe probe,
    StorageReadiness readiness,
    TimeProvider clock,
    ILogger<StoragePermissionCheck> logger) : BackgroundService, IHealthCheck
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RetryAfterOutage = TimeSpan.FromSeconds(5);

    private volatile StorageGaps? _gaps;

    /// <summary>The actions found missing at the last check; null before the first verdict.</summary>
    public IReadOnlyList<string>? MissingActions => _gaps?.MissingActions;

    /// <summary>The table indexes found missing at the last check; null before the first verdict.</summary>
    public IReadOnlyList<string>? MissingIndexes => _gaps?.MissingIndexes;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_gaps switch
        {
            null => HealthCheckResult.Healthy("Storage permissions not checked yet."),
            { IsEmpty: true } => HealthCheckResult.Healthy("The credentials may do everything the API does, and the table has every index."),
            var gaps => HealthCheckResult.Unhealthy("The deployment is misconfigured: " + Describe(gaps) + "."),
        });

    private static string Describe(StorageGaps gaps) => string.Join("; ", new[]
    {
        gaps.MissingActions.Count > 0 ? $"its credentials lack {string.Join(", ", gaps.MissingActions)}" : null,
        gaps.MissingIndexes.Count > 0
            ? $"its table lacks the index {string.Join(", ", gaps.MissingIndexes)} (deploy the storage stack first)"
            : null,
    }.OfType<string>());

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
            var gaps = await probe.FindGapsAsync(cancellationToken);
            foreach (var action in gaps.MissingActions) LogMissing(action);
            foreach (var index in gaps.MissingIndexes) LogMissingIndex(index);
            _gaps = gaps;
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

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "The table lacks the index {Index} that the API queries: deploy the storage stack (docs/deploy.md, one index per deploy); until then this instance reports itself unhealthy")]
    private partial void LogMissingIndex(string index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking storage permissions failed; retrying")]
    private partial void LogProbeFailed(Exception exception);
}
