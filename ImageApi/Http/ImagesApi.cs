using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using CloudImageService.Configuration;
using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudImageService.Http;

/// <summary>The /images resource: metadata in DynamoDB, bytes moved by clients straight to and from S3.</summary>
public static class ImagesApi
{
    public static IHostApplicationBuilder AddImagesApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImageOptions>()
            .BindConfigurationReplacingArrays(ImageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => (options.MaxMultipartUploadBytes + options.MultipartPartSize - 1) / options.MultipartPartSize <= 10_000,
                "Images:MaxMultipartUploadBytes / Images:MultipartPartSize must be at most 10,000 parts (S3's limit).")
            .Validate(options => options.UrlSigningWindow.Ticks % TimeSpan.TicksPerSecond == 0,
                "Images:UrlSigningWindow must be whole seconds (a URL's signing time has no fractions).")
            .Validate(options => options.UrlSigningWindow + options.DownloadUrlExpiry <= DownloadUrlPolicy.MaxValidity,
                "Images:UrlSigningWindow + Images:DownloadUrlExpiry must be at most 7 days (SigV4's limit for a presigned URL).")
            .ValidateOnStart();
        builder.Services.AddSingleton<UploadRequestValidator>();
        builder.Services.AddSingleton<UploadConfirmation>();
        builder.Services.AddHostedService<ConfirmationDrain>();
        builder.Services.TryAddSingleton<IngestMetrics>();
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
        builder.Services.AddSingleton<ImageLifecycle>();
        builder.Services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UsageLedger>();
        builder.Services.AddHostedService<AbandonedUploadSweeper>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<PaginationOptions>()
            .BindConfiguration(PaginationOptions.SectionName)
            .Validate(options => options.KeyBytes() is not [],
                "Pagination:CursorKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`).")
            .Validate(options => options.CursorLifetime > TimeSpan.Zero, "Pagination:CursorLifetime must be longer than zero.")
            .ValidateOnStart();
        builder.Services.AddSingleton(services => new PageCursorProtector(
            CursorKey(services), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<PaginationOptions>>().Value.CursorLifetime));
        return builder;
    }

    private static byte[] CursorKey(IServiceProvider services) =>
        services.GetRequiredService<IOptions<PaginationOptions>>().Value.KeyBytes() ?? RandomNumberGenerator.GetBytes(32);

    public static RouteGroupBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        // Every call can meet the per-caller rate limit, its route's body limit (RequestBodyLimits) or a storage outage.
        var images = app.MapGroup("/images").WithTags("Images")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().IsEnforced())
        {
            images.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        }

        images.MapPost("/upload", CreateUploadAsync)
            .WithName("CreateUpload")
            .WithSummary("Register an image and get a presigned URL to upload its bytes")
            .WithDescription(
                "PUT the bytes to upload_url with the headers in upload_headers before expires_at, then call "
                + "complete (or just download: that confirms too). With JWT auth, user_id defaults to the token's "
                + "subject. With multipart: true (for files up to Images:MaxMultipartUploadBytes) the answer has part_size and "
                + "part_count instead of upload_url: sign part URLs with POST /images/{image_id}/parts, PUT each part, "
                + "then complete. With sha256, 409 (existing_image_id) when you already have these bytes. 403 (type "
                + ImageProblems.QuotaExceededType + ") when size_bytes and one more image would pass your quota.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireRateLimiting(RateLimiting.UploadPolicy)
            .WithBodyLimit(UploadBodyLimit(app.ServiceProvider.GetRequiredService<IOptions<ImageOptions>>().Value));
        images.MapPost("/{image_id}/complete", CompleteAsync)
            .WithName("CompleteUpload")
            .WithMetadata(StorageDeadline.ConfirmsUploads.Instance)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Confirm an upload: verifies the bytes by decoding them, publishes them and makes the thumbnails")
            .WithDescription(
                "200 with status available, dimensions, format and SHA-256; 409 while nothing was uploaded; 422 "
                + "(and the bytes deleted) when the upload is not a valid image of the declared type or is too "
                + "large; 403 (type " + ImageProblems.QuotaExceededType + ", the bytes deleted) when keeping it would pass "
                + "the owner's quota.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        images.MapGet("/", ListAsync)
            .WithName("ListImages")
            .WithSummary("List images, newest first")
            .WithDescription(
                "The body is always a JSON array. When more results exist, a `Link: <…>; rel=\"next\"` header "
                + "points to the next page. Rejected, abandoned and deleted images never show.")
            .ProducesValidationProblem();
        images.MapGet("/{image_id}", GetAsync)
            .WithName("GetImage")
            .WithMetadata(StorageDeadline.ConfirmsUploads.Instance)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Get an image's metadata")
            .WithDescription("Answers an ETag; send it back in If-None-Match to get 304 without a body while nothing changed.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        images.MapGet("/{image_id}/download", GetDownloadAsync)
            .WithName("GetDownloadUrl")
            .WithMetadata(StorageDeadline.ConfirmsUploads.Instance)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Get a presigned URL to download an image's bytes")
            .WithDescription("Confirms a pending upload first, as complete does.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        images.MapGet("/{image_id}/thumbnail", GetThumbnailAsync)
            .WithName("GetThumbnailUrl")
            .WithMetadata(StorageDeadline.ConfirmsUploads.Instance)
            .ProducesValidationProblem()
            .WithSummary("Get a presigned URL to download one of an image's WebP thumbnails")
            .WithDescription(
                "Thumbnails are made once, when the upload is confirmed: the longest edge is the size asked for "
                + "(never upscaled), orientation applied, metadata stripped.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        images.MapDelete("/{image_id}", DeleteAsync)
            .WithName("DeleteImage")
            .ProducesValidationProblem()
            .WithSummary("Delete an image: to the trash, or for good")
            .WithDescription(
                "An available image goes to the trash: from then on GET, download, thumbnail and the listing answer as "
                + "if it were gone, while its bytes stay until Images:TrashRetention has passed (restore brings it "
                + "back). Uploads not yet verified, and every image when Images:TrashRetention is zero, are deleted at "
                + "once, bytes and all. permanent=true deletes at once, from the trash too.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        images.MapPost("/{image_id}/restore", RestoreAsync)
            .WithName("RestoreImage")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Bring a trashed image back as it was")
            .WithDescription("404 when the image is not in the trash (never trashed, already restored, or purged).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        images.MapDelete("/", EmptyTrashAsync)
            .WithName("EmptyTrash")
            .ProducesValidationProblem()
            .WithSummary("Empty a user's trash: every trashed image deleted for good")
            .WithDescription(
                "Needs trashed=true (nothing else can be deleted in bulk). user_id defaults to the token's subject. "
                + "One call deletes up to 1000 images; more: true says to call again.");

        return images.MapUploadParts();
    }

    /// <summary>
    /// The largest valid upload request: every text field at its longest with every character escaped (\uXXXX, six
    /// bytes), plus room for the fixed fields and whitespace.
    /// </summary>
    public static long UploadBodyLimit(ImageOptions limits) =>
        6L * (limits.MaxUserIdLength + limits.MaxTags * (limits.MaxTagLength + 3) + limits.MaxDescriptionLength) + 1024;

    private static async Task<Results<Ok<UploadResponse>, ValidationProblem, ProblemHttpResult>> CreateUploadAsync(
        UploadRequest? request, Caller caller, UploadRequestValidator validator, [AsParameters] ImageServices services,
        CancellationToken cancellationToken)
    {
        if (request is not null) request = request with { UserId = caller.DefaultUserId(request.UserId) };
        var errors = validator.Validate(request);
        if (errors.Count > 0) return ImageProblems.Invalid(errors);
        if (!caller.MayActFor(request!.UserId)) return ImageProblems.NotYours();

        var sha256 = request.Sha256?.ToLowerInvariant();
        if (sha256 is not null && request.AllowDuplicate != true
            && await services.Catalog.FindAvailableByHashAsync(request.UserId!, sha256, cancellationToken) is { } existing)
        {
            return ImageProblems.Duplicate(existing.ImageId);
        }

        // Refused before anything is signed; confirmation counts the verified bytes exactly (an unsized request counts 0 here).
        if (await services.Usage.CheckUploadAsync(request.UserId!, request.SizeBytes ?? 0, cancellationToken) is { } overQuota)
        {
            return ImageProblems.OverQuota(overQuota);
        }

        var imageId = Guid.NewGuid().ToString();
        var now = services.Now;
        var multipart = validator.IsMultipart(request);
        var expiresAt = now + (multipart ? services.Limits.MultipartUploadExpiry : services.Limits.UploadUrlExpiry);
        var record = new ImageRecord(
            imageId,
            request.UserId!,
            request.ContentType!,
            UploadRequestValidator.NormalizeTags(request.Tags),
            request.Description,
            now,
            ImageStatus.Pending,
            ObjectKeys.Original(imageId))
        {
            SizeBytes = request.SizeBytes,
            UploadExpiresAt = expiresAt,
            StagingKey = ObjectKeys.Staging(imageId),
            DeclaredSha256 = sha256,
        };
        var headers = new Dictionary<string, string> { ["Content-Type"] = record.ContentType };

        if (multipart)
        {
            var uploadId = await services.Multipart.StartAsync(record.StagingKey, record.ContentType, checksummedParts: sha256 is not null, cancellationToken);
            record = record with { MultipartUploadId = uploadId, PartSize = services.Limits.MultipartPartSize };
            await services.Catalog.CreateAsync(record, cancellationToken);
            return TypedResults.Ok(new UploadResponse(imageId, null, expiresAt, headers, record.Status)
            {
                PartSize = record.PartSize,
                PartCount = record.PartCount,
            });
        }

        var checksum = sha256 is null ? null : Convert.ToBase64String(Convert.FromHexString(sha256));
        var uploadUrl = await services.Signer.SignUploadAsync(record.StagingKey, record.ContentType, record.SizeBytes, expiresAt, checksum);
        await services.Catalog.CreateAsync(record, cancellationToken);

        if (record.SizeBytes is { } size) headers["Content-Length"] = size.ToString(CultureInfo.InvariantCulture);
        if (checksum is not null) headers["x-amz-checksum-sha256"] = checksum;
        return TypedResults.Ok(new UploadResponse(imageId, uploadUrl, expiresAt, headers, record.Status));
    }

    private static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> CompleteAsync(
        [FromRoute(Name = "image_id")] string imageId, Caller caller, [AsParameters] ImageServices services,
        CancellationToken cancellationToken)
    {
        var outcome = await ConfirmAsync(imageId, caller, services, cancellationToken);
        return outcome is ConfirmOutcome.Available available
            ? TypedResults.Ok(ImageResponse.From(available.Image, caller.IsOwnerOf(available.Image.UserId)))
            : ImageProblems.For(outcome);
    }

    private static async Task<Results<Ok<ImageResponse[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [AsParameters] ListImagesQuery query, Caller caller, PageCursorProtector cursors, [AsParameters] ImageServices services,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (query.UserId is null && !caller.MayListEveryone) return ImageProblems.AdminOnly();
        if (query.UserId is not null && !caller.MayActFor(query.UserId)) return ImageProblems.NotYours();
        query.TryParse(services.Limits, cursors, services.Catalog, caller.UserId, out var request, out var errors);
        var thumbnailSize = query.ThumbnailSize is null ? null : ThumbnailSize(query.ThumbnailSize, "thumbnail_size", services.Settings, errors);
        // A cursor refused alone says why in the detail too: expired, another caller's, or not of this listing.
        if (errors is { Count: 1 } && errors.TryGetValue("cursor", out var cursorError)) return ImageProblems.Invalid(errors, cursorError[0]);
        if (errors.Count > 0) return ImageProblems.Invalid(errors);

        var page = await services.Catalog.ListAsync(request, services.Now, cancellationToken);
        if (page.Next is { } next)
        {
            context.Response.Headers.Link = $"<{NextPageUrl(context.Request, cursors.Protect(next, caller.UserId))}>; rel=\"next\"";
        }

        var items = new ImageResponse[page.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var image = page.Items[i];
            items[i] = ImageResponse.From(image, caller.IsOwnerOf(image.UserId));
            // The trash listing shows thumbnails too: the owner decides what to restore by looking.
            if (thumbnailSize is { } size && (image.HasThumbnail(size) || (image.IsTrashed && image.ThumbnailSizes.Contains(size))))
            {
                items[i] = items[i] with
                {
                    ThumbnailUrl = (await services.Signer.SignDownloadAsync(image.ThumbnailKey(size), services.DownloadUrls)).Url,
                };
            }
        }
        return TypedResults.Ok(items);
    }

    private static async Task<Results<TaggedJson<ImageResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        [FromRoute(Name = "image_id")] string imageId, Caller caller, [AsParameters] ImageServices services,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return ImageProblems.MalformedId();
        var record = await services.Catalog.FindAsync(imageId, cancellationToken);
        if (record is null or { Status: ImageStatus.Deleting or ImageStatus.Trashed } || !caller.MaySee(record.UserId)) return ImageProblems.NotFound();

        var settled = record;
        if (record.UploadWindowClosed(services.Now, services.Limits.UploadGracePeriod))
        {
            // Storage answered: from here the wait is for reading and decoding, which has the longer budget.
            StorageDeadline.ExtendForConfirmation(services.Context);
            settled = await services.Confirmation.SettleIfWindowClosedAsync(record, RateLimiting.CallerKey(services.Context), cancellationToken);
        }
        if (settled is null) return ImageProblems.NotFound();
        var answer = ConditionalReads.Tagged(services.Context, ImageResponse.From(settled, caller.IsOwnerOf(settled.UserId)), json.Value.SerializerOptions);
        return answer.NotModified ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : answer;
    }

    private static async Task<Results<Ok<DownloadResponse>, ProblemHttpResult>> GetDownloadAsync(
        [FromRoute(Name = "image_id")] string imageId, Caller caller, [AsParameters] ImageServices services,
        CancellationToken cancellationToken)
    {
        // Clients of the original service never call complete: their first download confirms the upload.
        var outcome = await ConfirmAsync(imageId, caller, services, cancellationToken);
        if (outcome is not ConfirmOutcome.Available { Image: var image }) return ImageProblems.For(outcome);

        var signed = await services.Signer.SignDownloadAsync(image.ObjectKey, services.DownloadUrls, image.ContentType, DownloadFileName(image));
        return TypedResults.Ok(new DownloadResponse(image.ImageId, signed.Url, signed.ExpiresAt, image.ContentType));
    }

    private static async Task<Results<Ok<DownloadResponse>, ValidationProblem, ProblemHttpResult>> GetThumbnailAsync(
        [FromRoute(Name = "image_id")] string imageId,
        [FromQuery(Name = "size"), Description("Longest edge in pixels: one of the configured sizes (default the smallest, 256).")] string? size,
        Caller caller, [AsParameters] ImageServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ThumbnailSize(size, "size", services.Settings, errors) is not { } edge) return ImageProblems.Invalid(errors);
        var outcome = await ConfirmAsync(imageId, caller, services, cancellationToken);
        if (outcome is not ConfirmOutcome.Available { Image: var image }) return ImageProblems.For(outcome);
        if (!image.HasThumbnail(edge)) return ImageProblems.NoThumbnail(edge);

        var signed = await services.Signer.SignDownloadAsync(image.ThumbnailKey(edge), services.DownloadUrls);
        return TypedResults.Ok(new DownloadResponse(image.ImageId, signed.Url, signed.ExpiresAt, "image/webp"));
    }

    private static async Task<Results<Ok<MessageResponse>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [FromRoute(Name = "image_id")] string imageId,
        [FromQuery(Name = "permanent"), Description("true deletes at once, bytes and all, skipping (or from) the trash.")] string? permanent,
        Caller caller, ImageLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ListImagesQuery.ParseFlag(permanent, "permanent", errors) is not { } forGood) return ImageProblems.Invalid(errors);
        if (!InputRules.IsImageId(imageId)) return ImageProblems.MalformedId();
        var deleted = forGood
            ? await lifecycle.DeletePermanentlyAsync(imageId, caller.OwnImagesOnly, cancellationToken)
            : await lifecycle.DeleteAsync(imageId, caller.OwnImagesOnly, cancellationToken);
        // The original service's answer either way: its clients cannot tell the trash from a delete.
        return deleted ? TypedResults.Ok(new MessageResponse("Image deleted successfully")) : ImageProblems.NotFound();
    }

    private static async Task<Results<Ok<ImageResponse>, ProblemHttpResult>> RestoreAsync(
        [FromRoute(Name = "image_id")] string imageId, Caller caller, ImageLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return ImageProblems.MalformedId();
        return await lifecycle.RestoreAsync(imageId, caller.OwnImagesOnly, cancellationToken) is { } restored
            ? TypedResults.Ok(ImageResponse.From(restored))
            : ImageProblems.NotFound();
    }

    /// <summary>How many images one call empties from the trash; the answer's more says to call again.</summary>
    public const int EmptyTrashBatch = 1000;

    private static async Task<Results<Ok<EmptyTrashResponse>, ValidationProblem, ProblemHttpResult>> EmptyTrashAsync(
        [FromQuery(Name = "trashed"), Description("Must be true: only the trash is emptied in bulk.")] string? trashed,
        [FromQuery(Name = "user_id"), Description("Whose trash (default: the token's subject; required when auth is off).")] string? userId,
        Caller caller, ImageLifecycle lifecycle, [AsParameters] ImageServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (ListImagesQuery.ParseFlag(trashed, "trashed", errors) is false) errors["trashed"] = ["trashed must be true: only the trash is emptied in bulk."];
        userId = caller.DefaultUserId(userId);
        if (InputRules.CheckUserId(userId, services.Limits.MaxUserIdLength, required: true) is { } userIdError) errors["user_id"] = [userIdError];
        if (errors.Count > 0) return ImageProblems.Invalid(errors);
        if (!caller.MayActFor(userId)) return ImageProblems.NotYours();

        var filter = new ImageListFilter(userId, null, null, null, Trashed: true);
        var deleted = 0;
        PageCursor? cursor = null;
        // Bounded like a listing: a few listing calls, up to EmptyTrashBatch deletes; more says to call again.
        for (var round = 0; round < 10 && deleted < EmptyTrashBatch; round++)
        {
            // Key-based paging: deleting what a page held does not move the position after it.
            var page = await services.Catalog.ListAsync(
                new ImageListRequest(filter, Math.Min(100, EmptyTrashBatch - deleted), cursor, services.Limits.MaxStoragePagesPerList),
                services.Now, cancellationToken);
            foreach (var image in page.Items)
            {
                if (await lifecycle.DeleteFromTrashAsync(image.ImageId, userId, cancellationToken)) deleted++;
            }
            cursor = page.Next;
            if (cursor is null) break;
        }
        var more = cursor is not null;
        return TypedResults.Ok(new EmptyTrashResponse("Trash emptied", deleted, more));
    }

    /// <summary>
    /// Looks the image up and confirms it when the caller may see it and it is pending: what complete, download and
    /// thumbnail do. A busy answer carries its Retry-After.
    /// </summary>
    private static async Task<ConfirmOutcome> ConfirmAsync(string imageId, Caller caller, ImageServices services, CancellationToken cancellationToken)
    {
        if (!InputRules.IsImageId(imageId)) return new ConfirmOutcome.MalformedId();
        var record = await services.Catalog.FindAsync(imageId, cancellationToken);
        if (record is null || !caller.MaySee(record.UserId)) return new ConfirmOutcome.Gone();

        var context = services.Context;
        // Storage answered: from here the wait is for reading and decoding, which has the longer budget.
        if (record.IsPending) StorageDeadline.ExtendForConfirmation(context);
        var outcome = await services.Confirmation.ConfirmAsync(record, RateLimiting.CallerKey(context), cancellationToken);
        if (outcome is ConfirmOutcome.Busy busy)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(busy.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        return outcome;
    }

    /// <summary>The thumbnail size a query asks for: the smallest configured one when absent; null with an error otherwise.</summary>
    private static int? ThumbnailSize(string? text, string name, IngestFacts settings, Dictionary<string, string[]> errors)
    {
        var sizes = settings.ThumbnailSizes.Order().ToArray();
        if (text is null) return sizes[0];
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && settings.IsThumbnailSize(size)) return size;
        errors[name] = [$"{name} must be one of {string.Join(", ", sizes)}."];
        return null;
    }

    // Our name, never the uploader's: the image id and the extension of the format the decoder found.
    internal static string DownloadFileName(ImageRecord image) =>
        image.ImageId + "." + (image.Format switch { "jpeg" => "jpg", null => "bin", var format => format });

    private static string NextPageUrl(HttpRequest request, string cursor)
    {
        var query = request.Query
            .Where(pair => pair.Key != "cursor")
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("cursor", (string?)cursor));
        // Relative (RFC 8288 allows it): correct behind any proxy, whatever Host and scheme the API itself saw.
        return $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }
}
