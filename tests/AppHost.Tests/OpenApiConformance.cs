using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AppHost.Tests;

/// <summary>
/// Checks HTTP exchanges against the OpenAPI document the API serves, with JsonSchema.Net (OpenAPI 3.1 schemas are
/// JSON Schema 2020-12): every response's status, media type and body, and every request that succeeded (so was
/// meant to be valid): its path and query parameters and its body.
/// </summary>
public sealed class OpenApiConformance
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonObject _document;
    private readonly List<(Regex Pattern, JsonObject Operations)> _paths;

    private OpenApiConformance(JsonObject document)
    {
        _document = document;
        _paths = [.. document["paths"]!.AsObject().Select(path => (
            new Regex("^" + Regex.Replace(path.Key, @"\{(\w+)\}", "(?<$1>[^/]+)") + "$"),
            path.Value!.AsObject()))];
    }

    public JsonObject Document => _document;

    public static async Task<OpenApiConformance> LoadAsync(Uri apiBase)
    {
        using var http = new HttpClient { BaseAddress = apiBase };
        return new OpenApiConformance(JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.AsObject());
    }

    /// <summary>What in this exchange the document does not describe; empty when it conforms.</summary>
    public List<string> Check(HttpMethod method, Uri uri, string? requestMediaType, byte[]? requestBody, int status, string? responseMediaType, byte[] responseBody)
    {
        var violations = new List<string>();
        // Kestrel refuses malformed requests itself, before routing and without a body; 405 means no route matched
        // (e.g. dot segments that the server resolved to another path): neither is an answer of an API operation.
        if (status == 405 || (status == 400 && responseMediaType is null && responseBody.Length == 0)) return violations;
        var path = uri.AbsolutePath;
        var match = _paths.Select(p => (p.Pattern.Match(path), p.Operations)).FirstOrDefault(p => p.Item1.Success);
        if (match.Operations is null || match.Operations[method.Method.ToLowerInvariant()] is not JsonObject operation) return violations;

        var where = $"{method} {uri.PathAndQuery[..Math.Min(uri.PathAndQuery.Length, 120)]} → {status}";
        if (status is >= 200 and < 300) CheckRequest(operation, match.Item1, uri, requestMediaType, requestBody, where, violations);

        var response = operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)];
        if (response is null)
        {
            // The body says why (a problem's title and detail), which a flaky failure would otherwise lose.
            violations.Add($"{where}: status {status} is not documented; the body: {Truncate(System.Text.Encoding.UTF8.GetString(responseBody))}");
            return violations;
        }
        if (response["content"] is not JsonObject content) return violations;
        if (responseMediaType is null || content[responseMediaType] is not JsonObject media)
        {
            violations.Add($"{where}: media type '{responseMediaType}' is not documented ({string.Join(", ", content.Select(c => c.Key))})");
            return violations;
        }
        Validate(media["schema"], Parse(responseBody), $"{where} response", violations);
        return violations;
    }

    private void CheckRequest(JsonObject operation, Match pathMatch, Uri uri, string? mediaType, byte[]? body, string where, List<string> violations)
    {
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var name = parameter["name"]!.GetValue<string>();
            var value = parameter["in"]!.GetValue<string>() == "path"
                ? Uri.UnescapeDataString(pathMatch.Groups[name].Value)
                : query[name];
            if (value is null)
            {
                if (parameter["required"]?.GetValue<bool>() == true) violations.Add($"{where}: required parameter {name} missing");
                continue;
            }
            var schema = parameter["schema"];
            JsonNode typed = schema?["type"]?.ToString() == "integer" && long.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
            Validate(schema, typed, $"{where} parameter {name}", violations);
        }

        if (operation["requestBody"] is JsonObject requestBody && mediaType is not null && requestBody["content"]?[mediaType] is JsonObject media)
        {
            Validate(media["schema"], Parse(body ?? []), $"{where} request body", violations);
        }
    }

    private void Validate(JsonNode? schema, JsonNode? instance, string what, List<string> violations)
    {
        if (schema is null) return;
        var resolved = JsonSchema.FromText(Resolve(schema).ToJsonString());
        var result = resolved.Evaluate(JsonDocument.Parse(instance?.ToJsonString() ?? "null").RootElement, Evaluation);
        if (result.IsValid) return;
        var errors = (result.Details ?? []).Where(detail => detail.Errors is not null)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"));
        violations.Add($"{what}: {string.Join("; ", errors.Take(5))} in {Truncate(instance?.ToJsonString())}");
    }

    /// <summary>
    /// Inlines <c>#/components/schemas/…</c> references (our schemas have no cycles); words beside a reference (OpenAPI
    /// 3.1 allows a description there) join the schema it names.
    /// </summary>
    private JsonNode Resolve(JsonNode node) => node switch
    {
        JsonObject { Count: 1 } reference when reference["$ref"]?.GetValue<string>() is { } target =>
            Resolve(_document["components"]!["schemas"]![target.Split('/')[^1]]!),
        JsonObject reference when reference["$ref"]?.GetValue<string>() is { } target => new JsonObject(
            Resolve(_document["components"]!["schemas"]![target.Split('/')[^1]]!).AsObject()
                .Where(pair => !reference.ContainsKey(pair.Key))
                .Concat(reference.Where(pair => pair.Key != "$ref"))
                .Select(pair => KeyValuePair.Create(pair.Key, pair.Value?.DeepClone()))),
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, pair.Value is null ? null : Resolve(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(item => item is null ? null : Resolve(item))]),
        _ => node.DeepClone(),
    };

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return JsonValue.Create("<not JSON>");
        }
    }

    private static string Truncate(string? text) => text is null ? "null" : text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>Puts every exchange of a test's HttpClient through <see cref="OpenApiConformance"/>; a violation fails the request.</summary>
public sealed class ConformanceHandler(OpenApiConformance conformance) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? requestBody = null;
        if (request.Content is not null && request.Content.Headers.ContentLength is null or <= 64 * 1024)
        {
            requestBody = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var violations = conformance.Check(
            request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, requestBody,
            (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        if (violations.Count > 0) throw new OpenApiViolationException(string.Join("\n", violations));
        return response;
    }
}

public sealed class OpenApiViolationException : Exception
{
    public OpenApiViolationException(string message) : base(message.StartsWith(Preamble, StringComparison.Ordinal) ? message : Preamble + message)
    {
    }

    private const string Preamble = "The exchange does not match /openapi/v1.json:\n";
}
