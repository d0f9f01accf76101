using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CloudImageService.Security;

/// <summary>Section "RateLimiting": how many upload URLs one caller may ask for per window.</summary>
public sealed class UploadRateLimitOptions
{
    public const string SectionName = "RateLimiting";

    [Range(1, 1_000_000)]
    public int UploadPermitLimit { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UploadWindow { get; set; } = TimeSpan.FromMinutes(1);
}

public static class UploadRateLimiting
{
    public const string PolicyName = "uploads";

    /// <summary>
    /// ASP.NET Core's rate limiter, partitioned by caller: the token's subject with JWT, the client address otherwise.
    /// Refusals are 429 problem+json with Retry-After.
    /// </summary>
    public static IHostApplicationBuilder AddUploadRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadRateLimitOptions>()
            .BindConfiguration(UploadRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ =>
                {
                    var limits = context.RequestServices.GetRequiredService<IOptions<UploadRateLimitOptions>>().Value;
                    return new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.UploadPermitLimit,
                        Window = limits.UploadWindow,
                        QueueLimit = 0,
                    };
                }));
        });
        return builder;
    }

    private static string PartitionKey(HttpContext context) =>
        context.GetCaller().UserId is { } userId
            ? "user:" + userId
            : "address:" + context.Connection.RemoteIpAddress;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many uploads",
                Detail = $"Too many upload requests. Retry after {seconds} s.",
            },
        });
    }
}
