using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CloudImageService.Http;

/// <summary>The /users resource: each user's storage usage and quota (see docs/quotas.md).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users").WithTags("Users")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().IsEnforced())
        {
            users.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized);
        }

        users.MapGet("/me/usage", GetMyUsageAsync)
            .WithName("GetMyUsage")
            .WithSummary("Your storage usage and quota")
            .WithDescription(
                "Bytes (originals and thumbnails) and images you store, the trash included until it is emptied or purged, "
                + "your limits (null: unlimited) and what the trash holds. Needs a token: with auth off, name the user.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        users.MapGet("/{user_id}/usage", GetUsageAsync)
            .WithName("GetUserUsage")
            .WithSummary("A user's storage usage and quota")
            .WithDescription("Your own, or with the admin role anyone's.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapPut("/{user_id}/quota", SetQuotaAsync)
            .WithName("SetUserQuota")
            .WithSummary("Override a user's quota (admins)")
            .WithDescription(
                "bytes_limit and images_limit replace the defaults (Quotas:DefaultBytes, Quotas:DefaultImages) for this user; "
                + "0 is unlimited, null goes back to the default. Images already stored stay; uploads past the limit are refused.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return users;
    }

    private static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> GetMyUsageAsync(
        Caller caller, UsageLedger usage, CancellationToken cancellationToken)
    {
        if (caller.UserId is not { } userId)
        {
            return TypedResults.Problem(
                detail: "Authentication is off, so there is no \"me\": ask for /users/{user_id}/usage instead.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        return TypedResults.Ok(UsageResponse.From(await usage.ReportAsync(userId, cancellationToken)));
    }

    private static async Task<Results<Ok<UsageResponse>, ValidationProblem, ProblemHttpResult>> GetUsageAsync(
        [FromRoute(Name = "user_id")] string userId, Caller caller, UsageLedger usage, IOptions<ImageOptions> limits,
        CancellationToken cancellationToken)
    {
        if (InputRules.CheckUserId(userId, limits.Value.MaxUserIdLength, required: true) is { } error)
        {
            return ImageProblems.Invalid(new() { ["user_id"] = [error] });
        }
        if (!caller.MayActFor(userId)) return ImageProblems.NotYours();
        return TypedResults.Ok(UsageResponse.From(await usage.ReportAsync(userId, cancellationToken)));
    }

    private static async Task<Results<Ok<UsageResponse>, ValidationProblem, ProblemHttpResult>> SetQuotaAsync(
        [FromRoute(Name = "user_id")] string userId, QuotaRequest? request, Caller caller, UsageLedger usage,
        IOptions<ImageOptions> limits, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (InputRules.CheckUserId(userId, limits.Value.MaxUserIdLength, required: true) is { } error) errors["user_id"] = [error];
        if (request is null) errors["body"] = ["A JSON object with bytes_limit and images_limit is required."];
        if (request?.BytesLimit < 0) errors["bytes_limit"] = ["bytes_limit must be 0 (unlimited) or more."];
        if (request?.ImagesLimit < 0) errors["images_limit"] = ["images_limit must be 0 (unlimited) or more."];
        if (errors.Count > 0) return ImageProblems.Invalid(errors);
        if (caller.IsEnforced && !caller.IsAdmin) return ImageProblems.QuotaAdminOnly();
        var report = await usage.SetLimitsAsync(userId, request!.BytesLimit, request.ImagesLimit, cancellationToken);
        return TypedResults.Ok(UsageResponse.From(report));
    }
}
