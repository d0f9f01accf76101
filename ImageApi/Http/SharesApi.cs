using System.ComponentModel;
using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Security;
using CloudImageService.Shares;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CloudImageService.Http;

/// <summary>
/// Public links: the owner creates, lists and revokes them under /shares; anyone holding a link reads what it shows
/// from /s/{token}/images (the page at /s/{token} is the gallery's).
/// </summary>
public static class SharesApi
{
    /// <summary>The path of a link's page; the token follows.</summary>
    public const string PagePrefix = "/s/";

    public static IHostApplicationBuilder AddSharesApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShareOptions>()
            .BindConfiguration(ShareOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.DefaultLifetime <= options.MaxLifetime, "Shares:DefaultLifetime must be at most Shares:MaxLifetime.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ShareLinks>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSharesApi(this IEndpointRouteBuilder app)
    {
        var shares = app.MapGroup("/shares").WithTags("Shares")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().IsEnforced())
        {
            shares.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        }

        var limits = app.ServiceProvider.GetRequiredService<IOptions<ShareOptions>>().Value;
        var imageLimits = app.ServiceProvider.GetRequiredService<IOptions<ImageOptions>>().Value;
        shares.MapPost("/", CreateAsync)
            .WithName("CreateShare")
            .WithSummary("Create a public link to some of your images")
            .WithDescription(
                "Anyone with the answer's url sees these images (thumbnails, and the originals when allow_original) "
                + "until expires_at, without signing in. The url holds the link's secret token: it is shown here only, "
                + "the service keeps its SHA-256. Every id must be one of the owner's available images; any other is "
                + "refused alike (400), whether it exists or not.")
            .ProducesValidationProblem()
            .WithBodyLimit(CreateBodyLimit(limits, imageLimits));
        shares.MapGet("/", ListAsync)
            .WithName("ListShares")
            .WithSummary("List your links that still work, newest first")
            .WithDescription("Expired and revoked links are left out. The token is not shown again: only its hash, as id.")
            .ProducesValidationProblem();
        shares.MapDelete("/{share_id}", RevokeAsync)
            .WithName("RevokeShare")
            .WithSummary("Revoke a link at once")
            .WithDescription("From then on the link answers 410 Gone.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet(PagePrefix + "{token}/images", OpenAsync)
            .WithTags("Shared links")
            .WithName("OpenSharedLink")
            .WithSummary("What a link shows, for anyone holding it")
            .WithDescription(
                "No sign-in: the token is the credential. Images are read now, so a trashed or deleted image is gone "
                + "from every link at once. 404 for a malformed or unknown token, 410 for an expired or revoked link. "
                + "Rate limited per client address.")
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The largest valid creation request, every text character escaped (\uXXXX), plus room for the rest.</summary>
    public static long CreateBodyLimit(ShareOptions limits, ImageOptions imageLimits) =>
        6L * (imageLimits.MaxUserIdLength + limits.MaxImages * (36 + 3) + limits.MaxTitleLength) + 1024;

    private static async Task<Results<Ok<ShareResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateShareRequest? request, Caller caller, ShareLinks links, IOptions<ImageOptions> imageOptions, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (request is null) return ImageProblems.Invalid(new() { ["body"] = ["A JSON body with image_ids is required."] });
        var ownerId = caller.DefaultUserId(request.UserId);
        if (InputRules.CheckUserId(ownerId, imageOptions.Value.MaxUserIdLength, required: true) is { } userIdError)
        {
            return ImageProblems.Invalid(new() { ["user_id"] = [userIdError] });
        }
        if (!caller.MayActFor(ownerId)) return ImageProblems.NotYours();

        var created = await links.CreateAsync(
            ownerId!, request.ImageIds ?? [], request.Title, request.ExpiresAt, request.AllowOriginal ?? false, cancellationToken);
        if (created is ShareCreation.Refused refused) return ImageProblems.Invalid(refused.Errors);
        var (share, token) = (ShareCreation.Created)created;
        var url = new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{PagePrefix}{token}");
        // The token is in this answer only: nothing between here and the client should keep it.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(ShareResponse.From(share) with { Url = url });
    }

    private static async Task<Results<Ok<ShareResponse[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [FromQuery(Name = "user_id"), Description("Whose links (default: the token's subject; required when auth is off).")] string? userId,
        Caller caller, ShareLinks links, IOptions<ImageOptions> imageOptions, CancellationToken cancellationToken)
    {
        userId = caller.DefaultUserId(userId);
        if (InputRules.CheckUserId(userId, imageOptions.Value.MaxUserIdLength, required: true) is { } userIdError)
        {
            return ImageProblems.Invalid(new() { ["user_id"] = [userIdError] });
        }
        if (!caller.MayActFor(userId)) return ImageProblems.NotYours();
        var shares = await links.ListActiveAsync(userId!, cancellationToken);
        return TypedResults.Ok(shares.Select(ShareResponse.From).ToArray());
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> RevokeAsync(
        [FromRoute(Name = "share_id")] string shareId, Caller caller, ShareLinks links, CancellationToken cancellationToken)
    {
        if (!ShareToken.IsId(shareId)) return ShareProblems.NotFound();
        return await links.RevokeAsync(shareId, caller.OwnImagesOnly, cancellationToken)
            ? TypedResults.Ok(new MessageResponse("Share link revoked"))
            : ShareProblems.NotFound();
    }

    private static async Task<Results<Ok<SharedLinkResponse>, ProblemHttpResult>> OpenAsync(
        [FromRoute(Name = "token")] string token, ShareLinks links, [AsParameters] ImageServices services,
        CancellationToken cancellationToken)
    {
        SharedPageHeaders.Apply(services.Context.Response);
        var visit = await links.OpenAsync(token, cancellationToken);
        if (visit is ShareVisit.Ended) return ShareProblems.Gone();
        if (visit is not ShareVisit.Open open) return ShareProblems.NotFound();

        var sizes = services.Settings.ThumbnailSizes.Order().ToArray();
        var images = new SharedImageResponse[open.Images.Count];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = await SharedImageAsync(open.Images[i], open.Share.AllowOriginal, sizes, services);
        }
        return TypedResults.Ok(new SharedLinkResponse(open.Share.Title, open.Share.ExpiresAt, open.Share.AllowOriginal, images));
    }

    private static async Task<SharedImageResponse> SharedImageAsync(ImageRecord image, bool allowOriginal, int[] sizes, ImageServices services)
    {
        async Task<Uri?> ThumbnailAsync(int size) =>
            image.HasThumbnail(size) ? (await services.Signer.SignDownloadAsync(image.ThumbnailKey(size), services.DownloadUrls)).Url : null;

        var original = allowOriginal
            ? (await services.Signer.SignDownloadAsync(image.ObjectKey, services.DownloadUrls, image.ContentType, ImagesApi.DownloadFileName(image))).Url
            : null;
        return new SharedImageResponse(image.ImageId, image.Width, image.Height, image.Placeholder,
            sizes.Length == 0 ? null : await ThumbnailAsync(sizes[0]), sizes.Length == 0 ? null : await ThumbnailAsync(sizes[^1]))
        {
            TakenAt = image.Capture?.TakenAtText,
            // Never where: a link's visitors are anonymous.
            Capture = image.Capture?.WithoutLocation() is { IsEmpty: false } capture ? CaptureResponse.From(capture, showLocation: false) : null,
            OriginalUrl = original,
            ContentType = allowOriginal ? image.ContentType : null,
        };
    }
}
