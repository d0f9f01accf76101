using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CloudImageService.Security;

/// <summary>
/// Section "RateLimiting": per caller and window, how many /images calls of any kind, and how many of them may ask
/// for upload URLs. The defaults suit a production API; appsettings.Development.json raises them for local imports.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimiting";

    [Range(1, 10_000_000)]
    public int RequestPermitLimit { get; set; } = 1200;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000_000)]
    public int UploadPermitLimit { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UploadWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests to shared links (/s/…, page and images) per client address and <see cref="SharedLinkWindow"/>: guessing tokens costs time.</summary>
    [Range(1, 10_000_000)]
    public int SharedLinkPermitLimit { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SharedLinkWindow { get; set; } = TimeSpan.FromMinutes(1);
}

public static class RateLimiting
{
    public const string UploadPolicy = "uploads";

    /// <summary>
    /// ASP.NET Core's rate limiter, partitioned by caller (the token's subject with JWT, the client address otherwise):
    /// a global limit on every /images call, and a tighter one on upload URLs. Refusals are 429 problem+json with Retry-After.
    /// </summary>
    public static IHostApplicationBuilder AddRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/images") || context.Request.Path.StartsWithSegments("/shares")
                || context.Request.Path.StartsWithSegments("/users")
                    ? FixedWindow(context, "requests:", limits => (limits.RequestPermitLimit, limits.RequestWindow))
                    // Visitors of links are anonymous: limited by address, whatever token they present.
                    : context.Request.Path.StartsWithSegments("/s")
                        ? FixedWindow(context, new PartitionKey("shared:address:" + context.Connection.RemoteIpAddress), limits => (limits.SharedLinkPermitLimit, limits.SharedLinkWindow))
                        : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(UploadPolicy, context =>
                FixedWindow(context, "uploads:", limits => (limits.UploadPermitLimit, limits.UploadWindow)));
        });
        return builder;
    }

    private static RateLimitPartition<string> FixedWindow(
        HttpContext context, string prefix, Func<RateLimitOptions, (int Permits, TimeSpan Window)> select) =>
        FixedWindow(context, new PartitionKey(prefix + CallerKey(context)), select);

    private static RateLimitPartition<string> FixedWindow(
        HttpContext context, PartitionKey key, Func<RateLimitOptions, (int Permits, TimeSpan Window)> select) =>
        RateLimitPartition.GetFixedWindowLimiter(key.Value, _ =>
        {
            var (permits, window) = select(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
            return new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 };
        });

    /// <summary>Who is calling, for per-caller limits: the user when known, else the client address.</summary>
    public static string CallerKey(HttpContext context) =>
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
                Title = "Too many requests",
                Detail = $"Too many requests from this caller. Retry after {seconds} s.",
            },
        });
    }
}

/// <summary>A rate-limit partition named in full (not prefixed with the caller).</summary>
internal readonly record struct PartitionKey(string Value);
