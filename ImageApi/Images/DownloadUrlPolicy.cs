namespace CloudImageService.Images;

/// <summary>
/// How GET URLs are timed: signed at the start of the <see cref="Window"/> that contains now and valid until
/// <see cref="Lifetime"/> after that window ends, so every signing within one window yields the same URL (which a
/// browser can cache) and even a URL handed out at the window's last instant lasts <see cref="Lifetime"/>.
/// </summary>
/// <param name="Window">Whole seconds; zero signs at now (to the second), so each URL lasts exactly <see cref="Lifetime"/>.</param>
/// <param name="Lifetime">The least time any URL of a window still works once the window has ended.</param>
public readonly record struct DownloadUrlPolicy(TimeSpan Window, TimeSpan Lifetime)
{
    /// <summary>SigV4 refuses a presigned URL valid for longer than 7 days.</summary>
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(7);

    public SigningWindow WindowAt(DateTime nowUtc)
    {
        // X-Amz-Date has whole seconds: a window of zero still floors to the second, so the expiry is exact.
        var step = Window > TimeSpan.Zero ? Window.Ticks : TimeSpan.TicksPerSecond;
        var start = new DateTime(nowUtc.Ticks - nowUtc.Ticks % step, DateTimeKind.Utc);
        return new SigningWindow(start, start + Window + Lifetime);
    }
}

/// <summary>When a URL is signed and until when storage accepts it.</summary>
public readonly record struct SigningWindow(DateTime SignedAt, DateTime ExpiresAt);

/// <summary>A presigned URL and the instant it stops working.</summary>
public sealed record SignedUrl(Uri Url, DateTime ExpiresAt);
