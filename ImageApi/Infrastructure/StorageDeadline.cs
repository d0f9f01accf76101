using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Infrastructure;

/// <summary>
/// Bounds the time a request may spend waiting on S3 and DynamoDB, retries included: past the budget its
/// cancellation token fires and <see cref="StorageUnavailableExceptionHandler"/> answers 503, so an unreachable
/// or hanging storage never holds a client longer than that.
/// </summary>
public sealed class StorageDeadline(RequestDelegate next, IOptions<StorageOptions> options)
{
    private readonly TimeSpan _budget = options.Value.RequestBudget;

    public async Task InvokeAsync(HttpContext context)
    {
        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        deadline.CancelAfter(_budget);
        context.Features.Set(new ClientAbortedFeature(clientAborted));
        context.RequestAborted = deadline.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !clientAborted.IsCancellationRequested)
        {
            // Left as a cancellation, the exception handler would take it for a client that went away (499).
            context.RequestAborted = clientAborted;
            throw new TimeoutException($"Storage did not answer within {_budget.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>The client's own token, to tell a client that went away from a deadline that passed.</summary>
    public sealed record ClientAbortedFeature(CancellationToken Token);
}
