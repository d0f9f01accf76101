using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>The gallery as a user meets it: what they fill in, press and read, located by labels and roles.</summary>
public sealed class GalleryPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>An upload's status line once it went through: "Uploaded (640 × 480)."</summary>
    public static readonly Regex Uploaded = new("^Uploaded");

    /// <summary>An upload's status line once it failed: "Failed: " and the reason.</summary>
    public static readonly Regex Failed = new("^Failed: ");

    /// <summary>An upload's status line when the user already had those bytes: nothing was sent.</summary>
    public static readonly Regex AlreadyThere = new("^Already in your gallery");

    /// <summary>An upload's status line while the browser is offline: the upload waits, it has not failed.</summary>
    public static readonly Regex Paused = new("^Paused: offline");

    private static readonly Regex Finished = new("^(Uploaded|Failed: |Already in your gallery)");

    private readonly List<string> _pageErrors = Subscribe(page);

    public IPage Page => page;

    public ILocator Alert => page.GetByRole(AriaRole.Alert);
    public ILocator Status => page.GetByRole(AriaRole.Status);
    public ILocator IdentitySection => page.GetByRole(AriaRole.Region, new() { Name = "Who are you?", Exact = true });
    public ILocator GallerySection => page.GetByRole(AriaRole.Region, new() { Name = "Your images", Exact = true });
    public ILocator Grid => page.GetByRole(AriaRole.List, new() { Name = "Your images", Exact = true });
    public ILocator Cards => Grid.GetByRole(AriaRole.Listitem);
    public ILocator Uploads => page.GetByRole(AriaRole.List, new() { Name = "Uploads", Exact = true }).GetByRole(AriaRole.Listitem);
    public ILocator Viewer => page.GetByRole(AriaRole.Dialog);
    public ILocator FileInput => page.GetByLabel("Upload images", new() { Exact = true });

    /// <summary>What covers the page while files are dragged over it.</summary>
    public ILocator DropOverlay => page.GetByText("Drop images to upload them");
    public ILocator LoadMore => page.GetByRole(AriaRole.Button, new() { Name = "Load more" });

    /// <summary>An image of the gallery by its accessible name: a thumbnail's alt text, or its placeholder's label.</summary>
    public ILocator Image(string name) => Grid.GetByRole(AriaRole.Img, new() { Name = name, Exact = true });

    /// <summary>The picture of the open viewer, by its alt text.</summary>
    public ILocator ViewerPicture(string name) => Viewer.GetByRole(AriaRole.Img, new() { Name = name });

    /// <summary>A variant's path in the bucket: thumbnails/{image id}/{size}-{recipe}.webp.</summary>
    public static Regex Variant(int size, string imageId = "[^/]+") => new($"/thumbnails/{imageId}/{size}-[0-9a-f]+\\.webp$");

    /// <summary>Waits until the viewer's picture has loaded; returns the URL the browser chose from its srcset.</summary>
    public async Task<Uri> ViewerPictureSourceAsync(string name)
    {
        var picture = ViewerPicture(name);
        await Expect(picture).ToHaveAttributeAsync("src", new Regex("^https?://"));
        // decode() settles once the chosen source has loaded (and fails if it cannot).
        return new Uri(await picture.EvaluateAsync<string>("img => img.decode().then(() => img.currentSrc)"));
    }

    /// <summary>What the open viewer's details give for <paramref name="term"/> ("Dimensions", "Size", …): the definition after the term.</summary>
    public ILocator ViewerDetail(string term) =>
        Viewer.GetByRole(AriaRole.Term)
            .Filter(new() { HasTextRegex = new Regex($"^{Regex.Escape(term)}$") })
            .Locator("xpath=following-sibling::dd[1]");

    /// <summary>The row of the upload list that shows <paramref name="fileName"/>.</summary>
    public ILocator Upload(string fileName) => Uploads.Filter(new() { Has = page.GetByText(fileName, new() { Exact = true }) });

    /// <summary>The progress bar of an upload, described by the row's status line ("Uploading…", "Uploaded (…)", "Failed: …").</summary>
    public ILocator UploadProgress(string fileName) =>
        page.GetByRole(AriaRole.Progressbar, new() { Name = $"Upload of {fileName}", Exact = true });

    /// <summary>The rows of the upload list whose status line matches <paramref name="status"/>.</summary>
    public ILocator UploadsWhose(Regex status) => Uploads.Filter(new() { Has = page.GetByText(status) });

    private static List<string> Subscribe(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>Opens the page and waits until it has read the server's auth mode and settled what the list shows.</summary>
    public async Task GotoAsync(string path = "/")
    {
        await page.GotoAsync(path);
        await WaitForGalleryAsync();
    }

    /// <summary>Waits until no page of images is on its way: the list is no longer busy for assistive technology.</summary>
    public Task WaitForGalleryAsync() => Expect(Grid).ToHaveAttributeAsync("aria-busy", "false");

    /// <summary>
    /// Expects the line under the filters (why the list is empty, or why listing failed) to say <paramref name="text"/>:
    /// on screen, and as the list's accessible description, which a screen reader gives with the list.
    /// </summary>
    public async Task ExpectGalleryMessageAsync(string text)
    {
        await Expect(Grid).ToHaveAccessibleDescriptionAsync(text);
        await Expect(GallerySection.GetByText(text, new() { Exact = true })).ToBeVisibleAsync();
    }

    public async Task ExpectGalleryMessageAsync(Regex text)
    {
        await Expect(Grid).ToHaveAccessibleDescriptionAsync(text);
        await Expect(GallerySection.GetByText(text)).ToBeVisibleAsync();
    }

    /// <summary>Opens the gallery of <paramref name="userId"/> as a user of a server without auth would.</summary>
    public async Task ShowUserAsync(string userId)
    {
        await GotoAsync();
        await page.GetByLabel("User id").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my images" }).ClickAsync();
        await WaitForGalleryAsync();
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
        await Expect(UploadsWhose(Finished)).ToHaveCountAsync(count);
    }

    /// <summary>
    /// From now on, notes each value an upload's progress bar takes, with the status line describing the bar at that
    /// moment; <see cref="RecordedProgressAsync"/> returns them.
    /// </summary>
    public Task RecordUploadProgressAsync() => page.EvaluateAsync("""
        () => {
          window.recordedProgress = [];
          new MutationObserver(changes => {
            for (const { target } of changes) {
              if (!(target instanceof HTMLProgressElement)) continue;
              const status = document.getElementById(target.getAttribute('aria-describedby'))?.textContent ?? '';
              window.recordedProgress.push({ name: target.getAttribute('aria-label'), value: target.value, status });
            }
          }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
        }
        """);

    /// <summary>The values the progress bar of <paramref name="fileName"/>'s upload took since <see cref="RecordUploadProgressAsync"/>.</summary>
    public async Task<IReadOnlyList<(double Value, string Status)>> RecordedProgressAsync(string fileName)
    {
        var samples = await page.EvaluateAsync<JsonElement>("name => window.recordedProgress.filter(s => s.name === name)", $"Upload of {fileName}");
        return [.. samples.EnumerateArray().Select(s => (s.GetProperty("value").GetDouble(), s.GetProperty("status").GetString() ?? ""))];
    }

    /// <summary>The accessible names of the list's images, in order: thumbnails' alt texts, placeholders' labels.</summary>
    public async Task<IReadOnlyList<string>> ImageNamesAsync() =>
        await Grid.GetByRole(AriaRole.Img).EvaluateAllAsync<string[]>("images => images.map(i => i.getAttribute('alt') ?? i.getAttribute('aria-label'))");

    /// <summary>Uncaught script errors of the page so far: a test ends with none.</summary>
    public IReadOnlyList<string> PageErrors => _pageErrors;

    public static FilePayload File(string name, string mimeType, byte[] bytes) => new() { Name = name, MimeType = mimeType, Buffer = bytes };

    /// <summary>Chooses a file from disk, so it keeps its last-modified time when chosen again (what resuming recognises).</summary>
    public Task ChooseFileAsync(string path) => FileInput.SetInputFilesAsync(path);

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
