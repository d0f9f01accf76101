using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>axe-core on the page in each state a user meets, and the screenshot README shows.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class AccessibilityTests(OpenGalleryFixture service) : PageTests(service)
{
    private static async Task AssertNoSeriousViolationsAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help} at "
                                 + string.Join(", ", violation.Nodes.Select(node => node.Target.ToString())))
            .ToList();
        Assert.True(serious.Count == 0, $"{state}:\n{string.Join("\n", serious)}");
    }

    [Fact]
    public async Task The_page_has_no_serious_or_critical_violation_signed_out_with_images_uploads_and_the_viewer_open()
    {
        await Gallery.GotoAsync();
        await AssertNoSeriousViolationsAsync(Gallery.Page, "signed out");

        await Gallery.ShowUserAsync(GalleryFixture.NewUserId());
        await Gallery.ChooseFilesAsync(
            GalleryPage.File("harbour.png", "image/png", TestImages.Png(320, 240, hue: 220)),
            GalleryPage.File("notes.png", "image/png", TestImages.Text()));
        await Gallery.WaitForUploadsAsync(2);
        await Expect(Gallery.Cards).ToHaveCountAsync(1);
        await AssertNoSeriousViolationsAsync(Gallery.Page, "with an image, a finished and a failed upload");

        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "harbour.png" }).ClickAsync();
        await Expect(Gallery.Viewer).ToBeVisibleAsync();
        await Gallery.Viewer.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await AssertNoSeriousViolationsAsync(Gallery.Page, "viewer open, asking to confirm the delete");
    }

    [Fact]
    public async Task Every_control_is_reachable_and_usable_from_the_keyboard()
    {
        await Gallery.ShowUserAsync(GalleryFixture.NewUserId());
        var user = await Gallery.Page.GetByLabel("User id").InputValueAsync();
        await service.SeedAsync(user, TestImages.Png(100, 100, hue: 120), "image/png", "keyboard");
        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Show my images" }).ClickAsync();
        await Expect(Gallery.Cards).ToHaveCountAsync(1);

        // Tab from the top until the card has focus, then open it with Enter and close it with Escape.
        var card = Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "keyboard" });
        for (var presses = 0; presses < 40 && !await card.EvaluateAsync<bool>("b => b === document.activeElement"); presses++)
        {
            await Gallery.Page.Keyboard.PressAsync("Tab");
        }
        await Expect(card).ToBeFocusedAsync();
        await Gallery.Page.Keyboard.PressAsync("Enter");
        await Expect(Gallery.Viewer).ToBeVisibleAsync();
        await Expect(Gallery.Viewer.GetByRole(AriaRole.Button, new() { Name = "Close" })).ToBeFocusedAsync();
        await Gallery.Page.Keyboard.PressAsync("Escape");
        await Expect(Gallery.Viewer).Not.ToBeVisibleAsync();
        await Expect(card).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_screenshot_of_theGallery_goes_to_docs()
    {
        // In-memory emulators start empty with each AppHost, and no other test uses this name.
        const string user = "alice";
        var pictures = new (string Description, string[] Tags, double Hue, int Width, int Height)[]
        {
            ("Harbour at dawn", ["sea"], 230, 640, 480),
            ("Lavender field", ["summer"], 300, 480, 640),
            ("Autumn forest", ["hiking"], 60, 800, 600),
            ("Lagoon", ["sea", "summer"], 190, 640, 640),
            ("Desert dunes", ["travel"], 80, 900, 600),
            ("Night market", ["travel"], 10, 640, 480),
        };
        foreach (var (description, tags, hue, width, height) in pictures)
        {
            await service.SeedAsync(user, TestImages.Jpeg(width, height, hue), "image/jpeg", description, tags: tags);
        }

        await Gallery.ShowUserAsync(user);
        await Expect(Gallery.Cards).ToHaveCountAsync(pictures.Length);
        await Gallery.ChooseFilesAsync(
            GalleryPage.File("meadow.png", "image/png", TestImages.Png(640, 480, hue: 130)),
            GalleryPage.File("notes.png", "image/png", TestImages.Text()));
        await Gallery.WaitForUploadsAsync(2);
        // How the upload ended, said by its row (a failed one would leave the grid as it was).
        Assert.Contains("Uploaded", await Gallery.Upload("meadow.png").InnerTextAsync());
        await Expect(Gallery.Cards).ToHaveCountAsync(pictures.Length + 1);
        // Every thumbnail (or placeholder) has settled before the picture is taken.
        await Gallery.Page.WaitForFunctionAsync("grid => [...grid.querySelectorAll('img')].every(img => img.complete)", await Gallery.Grid.ElementHandleAsync());
        await Gallery.Page.GetByRole(AriaRole.Status, new() { IncludeHidden = true }).EvaluateAsync("status => status.textContent = ''");

        var path = Path.Combine(RepositoryRoot(), "docs", "gallery.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Gallery.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CloudImageService.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException("CloudImageService.sln not found above " + AppContext.BaseDirectory);
    }
}
