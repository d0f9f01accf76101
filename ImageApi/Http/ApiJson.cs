using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudImageService.Http;

/// <summary>The API's JSON: snake_case like the original service, numbers strictly as numbers.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        // The web defaults read "100" as a number; a string where the contract says number is a client bug.
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>Options as the running API has them (the web defaults plus <see cref="Configure"/>), for tests and benchmarks.</summary>
    public static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
