namespace ImageApi.Tests.Api;

/// <summary>Every route that names an image, with a body where the route reads one.</summary>
internal static class ImageRoutes
{
    public const string PartsBody = """{"parts":[{"part_number":1}]}""";

    public static readonly (HttpMethod Method, string Path, string? Body)[] All =
    [
        (HttpMethod.Get, "/images/{0}", null),
        (HttpMethod.Get, "/images/{0}/download", null),
        (HttpMethod.Get, "/images/{0}/thumbnail", null),
        (HttpMethod.Delete, "/images/{0}", null),
        (HttpMethod.Delete, "/images/{0}?permanent=true", null),
        (HttpMethod.Post, "/images/{0}/restore", null),
        (HttpMethod.Post, "/images/{0}/complete", null),
        (HttpMethod.Post, "/images/{0}/parts", PartsBody),
        (HttpMethod.Get, "/images/{0}/parts", null),
    ];

    public static string For(string path, string imageId) => path.Replace("{0}", imageId, StringComparison.Ordinal);

    public static HttpMethod Method(string name) => new(name);

    public static string? BodyOf(string method, string path) =>
        All.Single(route => route.Method.Method == method && route.Path == path).Body;
}
