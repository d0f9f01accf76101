namespace CloudImageService.Images;

/// <summary>
/// <c>ImageApi usage repair [user_id]</c>: recomputes users' usage from their records (one user, or every user the
/// table names), prints what it found, then exits. Safe while the API serves: a repair writes only over the version it read.
/// </summary>
public static class UsageCommand
{
    public static bool Matches(string[] args) => args is ["usage", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var ledger = services.GetRequiredService<UsageLedger>();
        switch (args)
        {
            case ["usage", "repair"]:
                var (users, repaired) = await ledger.RepairAllAsync(CancellationToken.None);
                Console.WriteLine($"usage: {users} users examined, {repaired} repaired");
                return 0;
            case ["usage", "repair", var userId]:
                var (before, after) = await ledger.RepairAsync(userId, CancellationToken.None);
                Console.WriteLine($"usage of {userId}: {before.Bytes} bytes, {before.Images} images recorded; {after.Bytes} bytes, {after.Images} images counted");
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: dotnet run --project ImageApi -- usage repair [user_id]");
                return 2;
        }
    }
}
