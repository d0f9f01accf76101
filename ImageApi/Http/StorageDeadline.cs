using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Http;

/// <summary>
/// Bounds the time a request to storage's routes (/images, /users, /shares, /s) may spend waiting on S3 and DynamoDB, retries included: past the budget its
/// cancellation token fires and <see cref="StorageUnavailableExceptionHandler"/> answers 503, so an unreachable
/// or hanging storage never holds a client longer than that. Endpoints marked <see cref="ConfirmsUploads"/> may
/// publish an image (copy, read, decode, write thumbnails): once storage has answered and a confirmation starts,
/// <see cref="ExtendForConfirmation"/> gives them the larger <c>Storage:ConfirmBudget</c>. Until then they have the
/// ordinary budget too, so a frozen store answers 503 as fast on every route.
/// </summary>
public sealed class StorageDeadline(RequestDelegate next, IOptions<StorageOptions> options)
{
    private readonly TimeSpan _budget = options.Value.RequestBudget;
    private readonly TimeSpan _confirmBudget = options.Value.ConfirmBudget;

    /// <summary>Every route that reads or writes storage: images, usage and quotas, share links and the shared pages.</summary>
    private static readonly string[] StoragePaths = ["/images", "/users", "/shares", "/s"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!StoragePaths.Any(path => context.Request.Path.StartsWithSegments(path)))
        {
            await next(context);
            return;
        }

        var budget = _budget;
        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        deadline.CancelAfter(budget);
        context.Features.Set(new ClientAbortedFeature(clientAborted));
        if (context.GetEndpoint()?.Metadata.GetMetadata<ConfirmsUploads>() is not null)
        {
            context.Features.Set(new ExtensionFeature(() =>
            {
                budget = _confirmBudget;
                deadline.CancelAfter(_confirmBudget);
            }));
        }
        context.RequestAborted = deadline.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !clientAborted.IsCancellationRequested)
        {
            // Left as a cancellation, the exception handler would take it for a client that went away (499).
            context.RequestAborted = clientAborted;
            throw new TimeoutException($"Storage did not answer within {budget.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Gives a request of a <see cref="ConfirmsUploads"/> endpoint the confirmation budget, from now.</summary>
    public static void ExtendForConfirmation(HttpContext context) => context.Features.Get<ExtensionFeature>()?.Extend();

    private sealed record ExtensionFeature(Action Extend);

    /// <summary>Endpoint metadata: the request may confirm and publish an upload.</summary>
    public sealed record ConfirmsUploads
    {
        public static readonly ConfirmsUploads Instance = new();
    }

    /// <summary>The client's own token, to tell a client that went away from a deadline that passed.</summary>
    public sealed record ClientAbortedFeature(CancellationToken Token);
}
