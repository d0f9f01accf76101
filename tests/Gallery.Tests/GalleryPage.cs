using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>The gallery as a user meets it: what they fill in, press and read, located by labels and roles.</summary>
public sealed class GalleryPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    private readonly List<string> _pageErrors = Subscribe(page);

    public IPage Page => page;

    public ILocator Alert => page.Locator("#alert");
    public ILocator Status => page.GetByRole(AriaRole.Status);
    public ILocator GalleryMessage => page.Locator("#gallery-message");
    public ILocator Grid => page.Locator("#grid");
    public ILocator Cards => Grid.Locator("li.card");
    public ILocator Uploads => page.Locator("#upload-list > li");
    public ILocator Viewer => page.Locator("dialog#viewer");
    public ILocator FileInput => page.GetByLabel("Drop images here or choose files");
    public ILocator LoadMore => page.GetByRole(AriaRole.Button, new() { Name = "Load more" });

    /// <summary>An image of the gallery by its accessible name: a thumbnail's alt text, or its placeholder's label.</summary>
    public ILocator Image(string name) => Grid.GetByRole(AriaRole.Img, new() { Name = name, Exact = true });

    public ILocator Upload(string fileName) => page.Locator($"#upload-list > li[data-file-name=\"{fileName}\"]");

    private static List<string> Subscribe(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>Opens the page and waits until it has read the server's auth mode.</summary>
    public async Task GotoAsync(string path = "/")
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
    }

    /// <summary>Opens the gallery of <paramref name="userId"/> as a user of a server without auth would.</summary>
    public async Task ShowUserAsync(string userId)
    {
        await GotoAsync();
        await page.GetByLabel("User id").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my images" }).ClickAsync();
        await Expect(GalleryMessage).Not.ToHaveTextAsync("Loading…");
    }

    public async Task UseTokenAsync(string token)
    {
        await page.GetByLabel("Bearer token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
    }

    /// <summary>Chooses files in the file picker, as several files picked at once.</summary>
    public Task ChooseFilesAsync(params FilePayload[] files) => FileInput.SetInputFilesAsync(files);

    /// <summary>Waits until every upload of the list has finished, one way or the other.</summary>
    public async Task WaitForUploadsAsync(int count)
    {
        await Expect(Uploads).ToHaveCountAsync(count);
        await Expect(page.Locator("#upload-list > li[data-state=done], #upload-list > li[data-state=failed]")).ToHaveCountAsync(count);
    }

    public async Task<IReadOnlyList<string>> ImageNamesAsync() =>
        await Grid.Locator(".thumb").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.getAttribute('alt') ?? n.getAttribute('aria-label'))");

    /// <summary>Uncaught script errors of the page so far: a test ends with none.</summary>
    public IReadOnlyList<string> PageErrors => _pageErrors;

    public static FilePayload File(string name, string mimeType, byte[] bytes) => new() { Name = name, MimeType = mimeType, Buffer = bytes };

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}

/// <summary>The page's own wording of values, to compare with what it shows.</summary>
public static class PageFormat
{
    /// <summary>As formatBytes in wwwroot/js/ui.js: bytes below 1 KiB, else KiB/MiB with one decimal below 10.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1024) return $"{bytes} bytes";
        var value = bytes / 1024.0;
        var unit = "KiB";
        if (value >= 1024)
        {
            value /= 1024;
            unit = "MiB";
        }
        var number = value.ToString(value < 10 ? "0.0" : "0", System.Globalization.CultureInfo.InvariantCulture);
        return $"{number} {unit}";
    }
}
