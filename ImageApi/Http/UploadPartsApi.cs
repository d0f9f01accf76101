using System.Globalization;
using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CloudImageService.Http;

/// <summary>
/// The parts of a multipart upload: sign URLs for some (each bound to its exact length and, when given, its
/// SHA-256), and list what storage already holds so a client resumes without re-sending finished parts.
/// </summary>
public static class UploadPartsApi
{
    public const int MaxPartsPerCall = 100;

    /// <summary>A hundred parts, each a part number and a base64 SHA-256 with room for whitespace: 128 bytes apiece.</summary>
    public const long BodyLimit = MaxPartsPerCall * 128 + 1024;

    public static RouteGroupBuilder MapUploadParts(this RouteGroupBuilder images)
    {
        images.MapPost("/{image_id}/parts", SignPartsAsync)
            .WithName("SignUploadParts")
            .WithSummary("Get presigned URLs for parts of a multipart upload")
            .WithDescription(
                "PUT each part's bytes to its upload_url with its upload_headers, in any order and in parallel. URLs "
                + "expire after Images:UploadUrlExpiry: ask again for the parts still to send.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithBodyLimit(BodyLimit);
        images.MapGet("/{image_id}/parts", ListPartsAsync)
            .WithName("ListUploadedParts")
            .WithSummary("List the parts of a multipart upload that storage already holds")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return images;
    }

    private static async Task<Results<Ok<PartUrlsResponse>, ValidationProblem, ProblemHttpResult>> SignPartsAsync(
        [FromRoute(Name = "image_id")] string imageId, PartUrlsRequest? request, Caller caller, [AsParameters] ImageServices services,
        CancellationToken cancellationToken)
    {
        var (record, problem) = await FindOpenMultipartAsync(imageId, caller, services, cancellationToken);
        if (record is not { StagingKey: { } staging, MultipartUploadId: { } uploadId }) return problem!;

        var errors = Validate(request, record);
        if (errors.Count > 0) return ImageProblems.Invalid(errors);

        var now = services.Now;
        var expiresAt = Min(now + services.Limits.UploadUrlExpiry, record.UploadExpiresAt ?? now);
        if (expiresAt <= now) return ImageProblems.UploadGone();

        var urls = new List<PartUrl>(request!.Parts!.Count);
        foreach (var part in request.Parts)
        {
            var length = record.PartLength(part.PartNumber);
            var url = await services.Signer.SignUploadPartAsync(staging, uploadId, part.PartNumber, length, expiresAt, part.Sha256);
            var headers = new Dictionary<string, string> { ["Content-Length"] = length.ToString(CultureInfo.InvariantCulture) };
            if (part.Sha256 is not null) headers["x-amz-checksum-sha256"] = part.Sha256;
            urls.Add(new PartUrl(part.PartNumber, url, headers));
        }
        return TypedResults.Ok(new PartUrlsResponse(imageId, expiresAt, urls));
    }

    private static async Task<Results<Ok<UploadedPartsResponse>, ProblemHttpResult>> ListPartsAsync(
        [FromRoute(Name = "image_id")] string imageId, Caller caller, [AsParameters] ImageServices services,
        CancellationToken cancellationToken)
    {
        var (record, problem) = await FindOpenMultipartAsync(imageId, caller, services, cancellationToken);
        if (record is not { StagingKey: { } staging, MultipartUploadId: { } uploadId }) return problem!;

        var parts = await services.Multipart.ListPartsAsync(staging, uploadId, cancellationToken);
        if (parts is null) return ImageProblems.UploadGone();
        return TypedResults.Ok(new UploadedPartsResponse(imageId, record.PartSize!.Value, record.PartCount,
            [.. parts.Select(part => new UploadedPartResponse(part.PartNumber, part.SizeBytes, part.ETag))]));
    }

    /// <summary>The caller's image whose multipart upload is still open, or the problem that says why there is none.</summary>
    private static async Task<(ImageRecord? Record, ProblemHttpResult? Problem)> FindOpenMultipartAsync(
        string imageId, Caller caller, ImageServices services, CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return (null, ImageProblems.MalformedId());
        var record = await services.Catalog.FindAsync(imageId, cancellationToken);
        if (record is null or { Status: ImageStatus.Deleting or ImageStatus.Trashed } || !caller.MaySee(record.UserId)) return (null, ImageProblems.NotFound());
        return record is { IsPending: true, IsMultipart: true, StagingKey: not null, MultipartUploadId: not null }
            ? (record, null)
            : (null, ImageProblems.NotMultipart());
    }

    private static Dictionary<string, string[]> Validate(PartUrlsRequest? request, ImageRecord record)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Parts is not { Count: > 0 and <= MaxPartsPerCall } parts)
        {
            errors["parts"] = [$"parts must list 1 to {MaxPartsPerCall} parts, e.g. {{\"parts\": [{{\"part_number\": 1}}]}}."];
            return errors;
        }
        if (parts.Any(part => part.PartNumber < 1 || part.PartNumber > record.PartCount))
            errors["parts"] = [$"part_number must be from 1 to {record.PartCount}."];
        else if (parts.Select(part => part.PartNumber).Distinct().Count() != parts.Count)
            errors["parts"] = ["Each part_number may appear once."];
        if (parts.Any(part => part.Sha256 is not null && !InputRules.IsSha256Base64(part.Sha256)))
            errors["sha256"] = ["A part's sha256 is the base64 of its 32-byte SHA-256 (44 characters)."];
        else if (record.DeclaredSha256 is not null && parts.Any(part => part.Sha256 is null))
            errors["sha256"] = ["This upload declared its sha256, so every part needs its own sha256 (base64) too."];
        return errors;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
