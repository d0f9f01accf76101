using System.Text.Json.Nodes;
using CloudImageService.Http.Contracts;
using Scalar.AspNetCore;

namespace CloudImageService.Http;

/// <summary>OpenAPI document at /openapi/v1.json and the Scalar UI at /scalar/v1 (/ is the web gallery).</summary>
public static class ApiDocumentation
{
    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Cloud Image Service";
                document.Info.Description =
                    "Upload, list, download and delete images. Bytes go straight to and from S3 through presigned URLs; metadata lives in DynamoDB.";
                if (document.Tags is { Count: > 1 } tags) document.Tags = new HashSet<Microsoft.OpenApi.OpenApiTag>(tags.OrderBy(TagRank));
                return Task.CompletedTask;
            });
            OpenApiContract.Apply(options);
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

    // Scalar lists the tags in the document's order and opens the first: the images first, the anonymous links last.
    private static readonly string[] TagOrder = ["Images", "Shares", "Users", "Shared links"];

    private static int TagRank(Microsoft.OpenApi.OpenApiTag tag) =>
        Array.IndexOf(TagOrder, tag.Name) is var rank and >= 0 ? rank : TagOrder.Length;

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options
            .WithTitle("Cloud Image Service")
            // Its fonts would come from fonts.scalar.com, which the page's Content-Security-Policy does not admit.
            .DisableDefaultFonts()
            .AddPreferredSecuritySchemes(OpenApiContract.BearerScheme));
        return app;
    }
}
