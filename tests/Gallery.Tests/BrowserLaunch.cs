using Microsoft.Playwright;

namespace Gallery.Tests;

/// <summary>
/// A system Chromium when one is installed (Debian's <c>chromium</c>, which `.ci/run` installs, or Ubuntu's
/// <c>chromium-browser</c>; Playwright's own browser download cannot work on a machine without internet), otherwise the
/// browser Playwright installs for itself. <c>CHROMIUM_PATH</c> names another.
/// </summary>
public static class BrowserLaunch
{
    public const string SystemChromium = "/usr/bin/chromium";

    private static readonly string?[] Candidates = [Environment.GetEnvironmentVariable("CHROMIUM_PATH"), SystemChromium, "/usr/bin/chromium-browser"];

    public static BrowserTypeLaunchOptions Options()
    {
        var options = new BrowserTypeLaunchOptions { Headless = true, Args = ["--disable-dev-shm-usage", "--disable-gpu"] };
        if (Candidates.FirstOrDefault(File.Exists) is { } chromium)
        {
            options.ExecutablePath = chromium;
        }
        else if (Microsoft.Playwright.Program.Main(["install", "chromium"]) is var exitCode and not 0)
        {
            throw new InvalidOperationException(
                $"No {SystemChromium} and `playwright install chromium` failed ({exitCode}): install Debian's chromium package.");
        }
        return options;
    }
}
