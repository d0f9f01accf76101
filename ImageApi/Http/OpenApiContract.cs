using System.Globalization;
using System.Text.Json.Nodes;
using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Ingest;
using CloudImageService.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CloudImageService.Http;

/// <summary>
/// Makes the OpenAPI document say what the code enforces, read from the same options and validator that enforce it:
/// required fields, nullability, limits, the accepted content types, id formats, thumbnail sizes, and per-operation
/// security. A generated client is then right by construction, not by a hand-kept copy of the rules.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "Bearer";

    public static void Apply(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeServer);
        options.AddSchemaTransformer(DescribeUploadRequest);
        options.AddSchemaTransformer(DescribeIds);
        options.AddSchemaTransformer(DescribeCapture);
        options.AddOperationTransformer(DescribeParametersAndBody);
        options.AddOperationTransformer(RequireTokenWhenEnforced);
    }

    private static Task DescribeServer(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken _)
    {
        foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
        if (context.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().IsEnforced())
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT whose `sub` is your user id (locally: `dotnet user-jwts create --project ImageApi`).",
            };
        }
        return Task.CompletedTask;
    }

    private static Task DescribeUploadRequest(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (context.JsonTypeInfo.Type != typeof(UploadRequest) || schema.Properties is not { } properties) return Task.CompletedTask;

        var services = context.ApplicationServices;
        var limits = services.GetRequiredService<IOptions<ImageOptions>>().Value;
        var validator = services.GetRequiredService<UploadRequestValidator>();
        var enforced = services.GetRequiredService<IOptions<AuthOptions>>().IsEnforced();

        // With JWT, user_id defaults to the token's subject; without, it names the owner and is required.
        schema.Required = enforced ? new HashSet<string> { "content_type" } : new HashSet<string> { "user_id", "content_type" };
        Replace(properties, "user_id", Text(limits.MaxUserIdLength));
        Replace(properties, "content_type", new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. validator.AcceptedContentTypes.Select(type => (JsonNode)JsonValue.Create(type)!)],
        });
        Replace(properties, "tags", new OpenApiSchema
        {
            Type = JsonSchemaType.Array | JsonSchemaType.Null,
            MaxItems = limits.MaxTags,
            Items = Text(limits.MaxTagLength),
        });
        Replace(properties, "description", new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            MaxLength = limits.MaxDescriptionLength,
        });
        Replace(properties, "size_bytes", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.Null,
            Format = "int64",
            Minimum = "1",
            Maximum = limits.LargestUploadBytes.ToString(CultureInfo.InvariantCulture),
        });
        Replace(properties, "sha256", new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Null,
            Pattern = "^[0-9a-fA-F]{64}$",
        });
        return Task.CompletedTask;
    }

    private static Task DescribeIds(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        if ((type == typeof(ImageResponse) || type == typeof(UploadResponse) || type == typeof(DownloadResponse))
            && schema.Properties?.TryGetValue("image_id", out var id) == true && id is OpenApiSchema idSchema)
        {
            idSchema.Format = "uuid";
        }
        if (type == typeof(ImageResponse))
        {
            schema.Required?.Remove("thumbnail_url");
            schema.Required?.Remove("placeholder");
            schema.Required?.Remove("taken_at");
            schema.Required?.Remove("capture");
        }
        if (type == typeof(UploadResponse))
        {
            // A multipart upload has part_size and part_count instead of upload_url.
            foreach (var optional in new[] { "upload_url", "part_size", "part_count" }) schema.Required?.Remove(optional);
        }
        return Task.CompletedTask;
    }

    /// <summary>Every capture field is optional (absent when the file does not say), within the bounds ingest keeps.</summary>
    private static Task DescribeCapture(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(CaptureResponse) && schema.Properties is { } capture)
        {
            schema.Required?.Clear();
            foreach (var name in new[] { "camera_make", "camera_model", "lens" })
            {
                if (capture.TryGetValue(name, out var text) && text is OpenApiSchema textSchema)
                {
                    (textSchema.MinLength, textSchema.MaxLength) = (1, CaptureReader.MaxTextLength);
                }
            }
            if (capture.TryGetValue("orientation", out var orientation) && orientation is OpenApiSchema orientationSchema)
            {
                (orientationSchema.Minimum, orientationSchema.Maximum) = ("1", "8");
            }
            if (capture.TryGetValue("offset", out var offset) && offset is OpenApiSchema offsetSchema)
            {
                offsetSchema.Pattern = "^[+-][0-9]{2}:[0-9]{2}$";
            }
        }
        if (type == typeof(LocationResponse) && schema.Properties is { } location)
        {
            foreach (var (name, limit) in new[] { ("latitude", "90"), ("longitude", "180") })
            {
                if (location.TryGetValue(name, out var degrees) && degrees is OpenApiSchema degreesSchema)
                {
                    (degreesSchema.Minimum, degreesSchema.Maximum) = ("-" + limit, limit);
                }
            }
        }
        return Task.CompletedTask;
    }

    private static Task DescribeParametersAndBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var services = context.ApplicationServices;
        var limits = services.GetRequiredService<IOptions<ImageOptions>>().Value;
        var thumbnailSizes = services.GetRequiredService<IOptions<IngestOptions>>().Value.ThumbnailSizes.Order().ToArray();

        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            parameter.Schema = parameter.Name switch
            {
                "image_id" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                "user_id" => Text(limits.MaxUserIdLength),
                "tag" => Text(limits.MaxTagLength),
                "limit" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "1",
                    Maximum = limits.MaxPageSize.ToString(CultureInfo.InvariantCulture),
                },
                "size" or "thumbnail_size" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Enum = [.. thumbnailSizes.Select(size => (JsonNode)JsonValue.Create(size))],
                },
                _ => parameter.Schema,
            };
        }

        // The body of POST /images/upload is a JSON object; JSON null is refused (400).
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Required = true;
            foreach (var media in body.Content?.Values ?? [])
            {
                if (media.Schema is OpenApiSchema { OneOf: { Count: > 0 } choices })
                {
                    media.Schema = choices.First(choice => choice is OpenApiSchemaReference);
                }
            }
        }
        return Task.CompletedTask;
    }

    private static Task RequireTokenWhenEnforced(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        if (!context.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().IsEnforced()) return Task.CompletedTask;
        if (context.Description.RelativePath?.StartsWith("images", StringComparison.Ordinal) != true) return Task.CompletedTask;

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(int maxLength) => new()
    {
        Type = JsonSchemaType.String,
        MinLength = 1,
        MaxLength = maxLength,
    };

    private static void Replace(IDictionary<string, IOpenApiSchema> properties, string name, OpenApiSchema schema)
    {
        if (properties.TryGetValue(name, out var existing) && existing.Description is { } description) schema.Description = description;
        properties[name] = schema;
    }
}
