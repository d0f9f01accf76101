namespace CloudImageService.Storage.Schema;

/// <summary>
/// How long an <c>/images</c> request may wait on storage by default (<c>Storage:RequestBudget</c> and
/// <c>Storage:ConfirmBudget</c> start from these). The CDK app links this file and sizes what waits for the API from
/// <see cref="LongestRequestSeconds"/>: the load balancer's idle timeout and the drain of a stopping task. BCL only.
/// </summary>
public static class RequestBudgets
{
    public const double RequestSeconds = 4.5;

    public const double ConfirmSeconds = 60;

    /// <summary>
    /// A request that publishes an upload: up to <see cref="RequestSeconds"/> waiting on storage before its confirmation
    /// starts, then <see cref="ConfirmSeconds"/>.
    /// </summary>
    public const double LongestRequestSeconds = RequestSeconds + ConfirmSeconds;
}
