using System.Text.Json.Nodes;
using CloudImageService.Images;
using CloudImageService.Security;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CloudImageService.Infrastructure;

/// <summary>OpenAPI document at /openapi/v1.json and the Scalar UI at /scalar/v1 (/ is the web gallery).</summary>
public static class ApiDocumentation
{
    private const string BearerScheme = "Bearer";

    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Cloud Image Service";
                document.Info.Description =
                    "Upload, list, download and delete images. Bytes go straight to and from S3 through presigned URLs; metadata lives in DynamoDB.";
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, context, _) =>
            {
                if (!context.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().IsEnforced()) return Task.CompletedTask;

                // Scalar reads this and offers a field for the bearer token.
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT whose `sub` is your user id (locally: `dotnet user-jwts create --project ImageApi`).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(UploadRequest))
                {
                    schema.Examples = [new JsonObject
                    {
                        ["user_id"] = "alice",
                        ["content_type"] = "image/png",
                        ["tags"] = new JsonArray("holiday", "beach"),
                        ["description"] = "Sunset at the beach",
                    }];
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options
            .WithTitle("Cloud Image Service")
            .AddPreferredSecuritySchemes(BearerScheme));
        return app;
    }
}
