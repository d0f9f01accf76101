namespace CloudImageService.Ingest;

/// <summary><c>ImageApi variants rebuild</c>: remakes thumbnails and placeholders of a new recipe, then exits.</summary>
public static class VariantCommand
{
    public static bool Matches(string[] args) => args is ["variants", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["variants", "rebuild"])
        {
            await Console.Error.WriteLineAsync("usage: dotnet run --project ImageApi -- variants rebuild");
            return 2;
        }
        var summary = await app.Services.GetRequiredService<VariantRebuilder>().RebuildAsync(CancellationToken.None);
        Console.WriteLine($"variants: {summary.Examined} examined, {summary.Rebuilt} rebuilt, {summary.Failed} failed");
        return summary.Failed == 0 ? 0 : 1;
    }
}
