using CloudImageService.Images;


namespace ImageApi.Tests.Images;

public class DownloadUrlPolicyTests
{
    private static readonly DownloadUrlPolicy Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

    private static DateTime At(string time) => DateTime.Parse("2026-11-30T" + time + "Z", null, System.Globalization.DateTimeStyles.AdjustToUniversal);

    [Fact]
    public void Every_instant_of_a_window_gives_the_same_signing_time_and_expiry()
    {
        var first = Hourly.WindowAt(At("10:00:00"));

        Assert.Equal(first, Hourly.WindowAt(At("10:17:03.25")));
        Assert.Equal(first, Hourly.WindowAt(At("10:59:59.9999999")));
        Assert.Equal(new SigningWindow(At("10:00:00"), At("11:05:00")), first);
    }

    [Fact]
    public void The_next_window_signs_at_its_own_start()
    {
        Assert.Equal(new SigningWindow(At("11:00:00"), At("12:05:00")), Hourly.WindowAt(At("11:00:00")));
    }

    [Fact]
    public void A_url_handed_out_at_the_last_instant_of_a_window_still_works_for_the_whole_lifetime()
    {
        var lastInstant = At("10:59:59.9999999");

        var window = Hourly.WindowAt(lastInstant);

        Assert.True(window.ExpiresAt - lastInstant >= Hourly.Lifetime);
    }

    [Fact]
    public void A_url_from_the_previous_window_still_works_until_its_expiry_while_the_next_window_signs_anew()
    {
        var previous = Hourly.WindowAt(At("10:42:00"));
        var during = At("11:04:59");

        Assert.True(during < previous.ExpiresAt);
        Assert.NotEqual(previous.SignedAt, Hourly.WindowAt(during).SignedAt);
        Assert.Equal(At("11:05:00"), previous.ExpiresAt);
    }

    [Fact]
    public void A_zero_window_signs_at_now_to_the_second_and_lasts_exactly_the_lifetime()
    {
        var atNow = new DownloadUrlPolicy(TimeSpan.Zero, TimeSpan.FromMinutes(5));

        Assert.Equal(new SigningWindow(At("10:17:03"), At("10:22:03")), atNow.WindowAt(At("10:17:03.75")));
    }

    [Fact]
    public void The_longest_configurable_window_and_lifetime_stay_within_sigv4s_seven_days()
    {
        var longest = new DownloadUrlPolicy(TimeSpan.FromDays(6), TimeSpan.FromDays(1));

        var window = longest.WindowAt(At("23:59:59"));

        Assert.Equal(DownloadUrlPolicy.MaxValidity, window.ExpiresAt - window.SignedAt);
    }
}
