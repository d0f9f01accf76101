namespace CloudImageService.Images;

public abstract record PublishOutcome
{
    public sealed record NotUploaded : PublishOutcome;
    public sealed record Published(PublishedImage Image) : PublishOutcome;
    /// <param name="Reason">For the caller, naming the limit.</param>
    /// <param name="Kind">One of <see cref="RefusalReasons"/>.</param>
    public sealed record Refused(string Reason, string Kind) : PublishOutcome;

    /// <summary>Not verified now (no decode thread was free in time): no verdict, and no decode was charged.</summary>
    public sealed record Busy(string Reason) : PublishOutcome;
}
