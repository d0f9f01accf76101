using Amazon.S3;
using CloudImageService.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>The /images resource: metadata in DynamoDB, bytes moved by clients straight to and from S3.</summary>
public static class ImagesApi
{
    private const string NotFoundDetail = "Image not found";

    public static IHostApplicationBuilder AddImagesApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImageOptions>()
            .BindConfiguration(ImageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UploadRequestValidator>();
        builder.Services.AddSingleton<ImageRepository>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static RouteGroupBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/images").WithTags("Images");

        images.MapPost("/upload", CreateUploadAsync)
            .WithName("CreateUpload")
            .WithSummary("Register an image and get a presigned URL to upload its bytes")
            .WithDescription("PUT the bytes to upload_url with the headers in upload_headers before expires_at.");
        images.MapGet("/", ListAsync)
            .WithName("ListImages")
            .WithSummary("List images, newest first")
            .WithDescription("The body is always a JSON array. When more results exist, a `Link: <…>; rel=\"next\"` header points to the next page.");
        images.MapGet("/{image_id}", GetAsync)
            .WithName("GetImage")
            .WithSummary("Get an image's metadata");
        images.MapGet("/{image_id}/download", GetDownloadAsync)
            .WithName("GetDownloadUrl")
            .WithSummary("Get a presigned URL to download an image's bytes");
        images.MapDelete("/{image_id}", DeleteAsync)
            .WithName("DeleteImage")
            .WithSummary("Delete an image's metadata and bytes");

        return images;
    }

    private static async Task<Results<Ok<UploadResponse>, ValidationProblem>> CreateUploadAsync(
        UploadRequest? request,
        UploadRequestValidator validator,
        ImageRepository repository,
        ObjectUrlSigner signer,
        IOptions<ImageOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = validator.Validate(request);
        if (errors.Count > 0) return ValidationFailed(errors);

        var imageId = Guid.NewGuid().ToString();
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new ImageRecord(
            imageId,
            request!.UserId!,
            request.ContentType!,
            UploadRequestValidator.NormalizeTags(request.Tags),
            request.Description,
            now,
            ImageStatus.Pending,
            ImageStoreSchema.ObjectKeyFor(imageId));

        var expiresAt = now + options.Value.UploadUrlExpiry;
        var uploadUrl = await signer.SignUploadAsync(record.ObjectKey, record.ContentType, expiresAt);
        await repository.CreateAsync(record, cancellationToken);

        return TypedResults.Ok(new UploadResponse(
            imageId,
            uploadUrl,
            expiresAt,
            new Dictionary<string, string> { ["Content-Type"] = record.ContentType },
            record.Status));
    }

    private static async Task<Results<Ok<ImageResponse[]>, ValidationProblem>> ListAsync(
        [AsParameters] ListImagesQuery query,
        ImageRepository repository,
        IOptions<ImageOptions> options,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!query.TryParse(options.Value, out var request, out var errors)) return ValidationFailed(errors);

        var page = await repository.ListAsync(request, cancellationToken);
        if (page.Next is { } next)
        {
            context.Response.Headers.Link = $"<{NextPageUrl(context.Request, next)}>; rel=\"next\"";
        }
        return TypedResults.Ok(page.Items.Select(ImageResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> GetAsync(
        [FromRoute(Name = "image_id")] string imageId,
        ImageRepository repository,
        CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return MalformedId();
        var record = await repository.FindAsync(imageId, cancellationToken);
        return record is null ? NotFound() : TypedResults.Ok(ImageResponse.From(record));
    }

    private static async Task<Results<Ok<DownloadResponse>, ProblemHttpResult>> GetDownloadAsync(
        [FromRoute(Name = "image_id")] string imageId,
        ImageRepository repository,
        ObjectUrlSigner signer,
        IOptions<ImageOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return MalformedId();
        var record = await repository.FindAsync(imageId, cancellationToken);
        if (record is null) return NotFound();

        var expiresAt = clock.GetUtcNow().UtcDateTime + options.Value.DownloadUrlExpiry;
        var url = await signer.SignDownloadAsync(record.ObjectKey, expiresAt);
        return TypedResults.Ok(new DownloadResponse(record.ImageId, url, expiresAt, record.ContentType));
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> DeleteAsync(
        [FromRoute(Name = "image_id")] string imageId,
        ImageRepository repository,
        IAmazonS3 s3,
        IOptions<StorageOptions> storage,
        CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return MalformedId();

        // Record first: a crash after this leaves at worst an unlisted object, never a listed image without bytes.
        var deleted = await repository.DeleteAsync(imageId, cancellationToken);
        if (deleted is null) return NotFound();

        using (StorageTelemetry.StartS3("DeleteObject", storage.Value.BucketName, deleted.ObjectKey))
        {
            await s3.DeleteObjectAsync(storage.Value.BucketName, deleted.ObjectKey, cancellationToken);
        }
        return TypedResults.Ok(new MessageResponse("Image deleted successfully"));
    }

    private static string NextPageUrl(HttpRequest request, PageCursor next)
    {
        var query = request.Query
            .Where(pair => pair.Key != "cursor")
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("cursor", (string?)next.Encode()));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }

    private static ValidationProblem ValidationFailed(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: $"Invalid input: {string.Join(", ", errors.Keys)}.");

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(detail: NotFoundDetail, statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult MalformedId() => TypedResults.Problem(
        detail: "image_id must be a UUID such as 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e.",
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["image_id"] = ["Not a UUID."] } });
}
