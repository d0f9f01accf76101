using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace CloudImageService.Infrastructure;

/// <summary>Wire conventions of the original service (snake_case JSON) and RFC 7807 errors everywhere.</summary>
public static class ApiConventions
{
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            // The web defaults read "100" as a number; a string where the contract says number is a client bug.
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<StorageUnavailableExceptionHandler>();
        builder.AddTrustedProxies();
        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Utf8BodyGuard>();
        app.UseMiddleware<OversizedBodyGuard>();
        return app;
    }
}
