using CloudImageService.Images;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CloudImageService.Http;

/// <summary>The problem+json answers of the images API, worded once.</summary>
public static class ImageProblems
{
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail: detail ?? $"Invalid input: {string.Join(", ", errors.Keys)}.");

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(detail: "Image not found", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult NotYours() => TypedResults.Problem(
        detail: "user_id must be your own: it has to match the subject of your token.",
        statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult AdminOnly() => TypedResults.Problem(
        detail: "Listing every user's images needs the admin role; pass your own user_id instead.",
        statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult QuotaAdminOnly() => TypedResults.Problem(
        detail: "Setting a user's quota needs the admin role.",
        statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult NoThumbnail(int size) => TypedResults.Problem(
        detail: $"This image has no {size} px thumbnail (it was published before thumbnails existed).",
        statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult MalformedId() => TypedResults.Problem(
        detail: "image_id must be a UUID such as 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e.",
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["image_id"] = ["Not a UUID."] } });

    public static ProblemHttpResult Duplicate(string existingImageId) => TypedResults.Problem(
        title: "Already uploaded",
        detail: $"You already have an image with these bytes ({existingImageId}); send allow_duplicate: true for a second copy.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["existing_image_id"] = existingImageId });

    public static ProblemHttpResult NotMultipart() => TypedResults.Problem(
        title: "Not a multipart upload",
        detail: "This image is not being uploaded in parts (it has a single upload_url, or its bytes have arrived).",
        statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult UploadGone() => TypedResults.Problem(
        title: "Upload no longer open",
        detail: "Storage no longer holds this multipart upload (it was completed, aborted or expired); start a new upload.",
        statusCode: StatusCodes.Status409Conflict);

    /// <summary>The URI of the quota problem: clients tell it from other 403s by this.</summary>
    public const string QuotaExceededType = "urn:cloud-image-service:problem:quota-exceeded";

    /// <summary>
    /// 403: keeping the upload would pass the owner's quota. Names the limit passed (<c>limit_kind</c>), the usage and
    /// the limit of that kind, what the upload asked for, and what the trash holds (emptying it frees that).
    /// </summary>
    public static ProblemHttpResult OverQuota(QuotaRefusal refusal) => TypedResults.Problem(
        type: QuotaExceededType,
        title: "Quota exceeded",
        detail: refusal.Reason,
        statusCode: StatusCodes.Status403Forbidden,
        extensions: new Dictionary<string, object?>
        {
            ["limit_kind"] = refusal.Kind,
            ["usage"] = refusal.Usage,
            ["limit"] = refusal.Limit,
            ["requested"] = refusal.Requested,
            ["trashed_bytes"] = refusal.Report.TrashedBytes,
            ["trashed_images"] = refusal.Report.TrashedImages,
            ["hint"] = "Images in the trash count until they are deleted for good: empty the trash (DELETE /images?trashed=true) to free them.",
        });

    /// <summary>The answer for every confirmation outcome but success.</summary>
    public static ProblemHttpResult For(ConfirmOutcome outcome) => outcome switch
    {
        ConfirmOutcome.MalformedId => MalformedId(),
        ConfirmOutcome.NotUploaded => TypedResults.Problem(
            title: "Not uploaded yet",
            detail: outcome is ConfirmOutcome.NotUploaded { Image.IsMultipart: true }
                ? "Not every part has been uploaded yet: GET /images/{image_id}/parts says which are stored."
                : "Nothing has been uploaded for this image yet: PUT the bytes to its upload_url first.",
            statusCode: StatusCodes.Status409Conflict),
        ConfirmOutcome.OverQuota overQuota => OverQuota(overQuota.Refusal),
        ConfirmOutcome.Rejected rejected => TypedResults.Problem(
            title: "Upload rejected",
            detail: rejected.Reason,
            statusCode: StatusCodes.Status422UnprocessableEntity),
        ConfirmOutcome.Busy { CallerLimit: true } busy => TypedResults.Problem(
            title: "Too many confirmations",
            detail: busy.Detail,
            statusCode: StatusCodes.Status429TooManyRequests),
        ConfirmOutcome.Busy busy => TypedResults.Problem(
            title: "Confirmation busy",
            detail: busy.Detail,
            statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => NotFound(),
    };
}
