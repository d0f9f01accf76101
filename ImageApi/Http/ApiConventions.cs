using Microsoft.AspNetCore.Http.Json;

namespace CloudImageService.Http;

/// <summary>Wire conventions of the original service (snake_case JSON) and RFC 7807 errors everywhere.</summary>
public static class ApiConventions
{
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailDefaults.AddDetail);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<StorageUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<StorageAccessDeniedExceptionHandler>();
        builder.AddTrustedProxies();
        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // On HTTPS responses only, and after the forwarded scheme is known: behind the load balancer TLS ends there.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Utf8BodyGuard>();
        app.UseMiddleware<OversizedBodyGuard>();
        app.UseMiddleware<ScalarPageSecurityHeaders>();
        return app;
    }
}
