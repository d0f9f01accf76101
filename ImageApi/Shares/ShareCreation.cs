namespace CloudImageService.Shares;

/// <summary>The outcome of creating a link.</summary>
public abstract record ShareCreation
{
    private ShareCreation()
    {
    }

    /// <summary>The link and its token, which exists nowhere else: show it now or never.</summary>
    public sealed record Created(Share Share, string Token) : ShareCreation;

    /// <summary>Bad input, keyed by the offending field.</summary>
    public sealed record Refused(Dictionary<string, string[]> Errors) : ShareCreation;
}
