namespace CloudImageService.Ingest;

/// <summary><c>ImageApi timeline backfill</c>: places records written before the timeline on it, then exits.</summary>
public static class TimelineCommand
{
    public static bool Matches(string[] args) => args is ["timeline", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["timeline", "backfill"])
        {
            await Console.Error.WriteLineAsync("usage: dotnet run --project ImageApi -- timeline backfill");
            return 2;
        }
        var summary = await app.Services.GetRequiredService<TimelineBackfill>().RunAsync(CancellationToken.None);
        Console.WriteLine($"timeline: {summary.Examined} examined, {summary.Placed} placed, {summary.MetadataRead} originals read");
        return 0;
    }
}
