using Microsoft.AspNetCore.Http.HttpResults;

namespace CloudImageService.Http;

/// <summary>The problem+json answers of share links, worded once.</summary>
public static class ShareProblems
{
    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(detail: "Share link not found", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The same words for an expired and a revoked link: a visitor learns only that it no longer works.</summary>
    public static ProblemHttpResult Gone() => TypedResults.Problem(
        title: "Link no longer available",
        detail: "This link has expired or was revoked by its owner.",
        statusCode: StatusCodes.Status410Gone);
}
