using Microsoft.Playwright;

namespace Gallery.Tests;

/// <summary>
/// Debian's Chromium when it is installed (`.ci/run` installs it; Playwright's own browser download cannot work on a
/// machine without internet), otherwise the browser Playwright installs for itself.
/// </summary>
public static class BrowserLaunch
{
    public const string SystemChromium = "/usr/bin/chromium";

    public static BrowserTypeLaunchOptions Options()
    {
        var options = new BrowserTypeLaunchOptions { Headless = true, Args = ["--disable-dev-shm-usage"] };
        if (File.Exists(SystemChromium))
        {
            options.ExecutablePath = SystemChromium;
        }
        else if (Microsoft.Playwright.Program.Main(["install", "chromium"]) is var exitCode and not 0)
        {
            throw new InvalidOperationException(
                $"No {SystemChromium} and `playwright install chromium` failed ({exitCode}): install Debian's chromium package.");
        }
        return options;
    }
}
