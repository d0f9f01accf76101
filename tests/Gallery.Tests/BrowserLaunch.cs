using Microsoft.Playwright;

namespace Gallery.Tests;

/// <summary>
/// A system Chromium when one is installed (Debian's <c>chromium</c>, which `.ci/run` installs, or Ubuntu's
/// <c>chromium-browser</c>; Playwright's own browser download cannot work on a machine without internet), otherwise the
/// browser Playwright installs for itself. <c>CHROMIUM_PATH</c> names another. A candidate must answer <c>--version</c>:
/// on Ubuntu without snapd, <c>/usr/bin/chromium-browser</c> is a script that only asks for the snap.
/// </summary>
public static class BrowserLaunch
{
    public const string SystemChromium = "/usr/bin/chromium";

    private static readonly string?[] Candidates = [Environment.GetEnvironmentVariable("CHROMIUM_PATH"), SystemChromium, "/usr/bin/chromium-browser"];

    public static BrowserTypeLaunchOptions Options()
    {
        var options = new BrowserTypeLaunchOptions { Headless = true, Args = ["--disable-dev-shm-usage", "--disable-gpu"] };
        if (Candidates.FirstOrDefault(candidate => File.Exists(candidate) && AnswersVersion(candidate!)) is { } chromium)
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

    private static bool AnswersVersion(string path)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0 && output.Result.Contains("Chromium", StringComparison.OrdinalIgnoreCase);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
