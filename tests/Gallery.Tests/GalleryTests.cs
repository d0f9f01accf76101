using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>The gallery in a real Chromium against the AppHost on the emulators, with auth mode None.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class GalleryTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    private static FilePayload[] ThreeImages() =>
    [
        GalleryPage.File("red.png", "image/png", TestImages.Png(640, 480, hue: 30)),
        GalleryPage.File("green.jpg", "image/jpeg", TestImages.Jpeg(800, 600, hue: 140)),
        GalleryPage.File("blue.png", "image/png", TestImages.Png(300, 500, hue: 260)),
    ];

    private async Task UploadThreeAsync()
    {
        await Gallery.ShowUserAsync(_user);
        await Gallery.ChooseFilesAsync(ThreeImages());
        await Gallery.WaitForUploadsAsync(3);
        await Expect(Gallery.Cards).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task Three_images_uploaded_at_once_report_progress_to_100_percent_and_appear_newest_first()
    {
        await Gallery.ShowUserAsync(_user);
        await Gallery.RecordUploadProgressAsync();
        await Gallery.ChooseFilesAsync(ThreeImages());
        await Gallery.WaitForUploadsAsync(3);
        await Expect(Gallery.Cards).ToHaveCountAsync(3);

        foreach (var name in new[] { "red.png", "green.jpg", "blue.png" })
        {
            var progress = Gallery.UploadProgress(name);
            await Expect(progress).ToHaveAccessibleDescriptionAsync(GalleryPage.Uploaded);
            await Expect(progress).ToHaveJSPropertyAsync("value", 100);
            // Fed by the XMLHttpRequest upload's own progress events: the bar moved at least once, only while its row
            // said "Uploading…" (not set to full afterwards), and the last move was to 100 %.
            var moves = await Gallery.RecordedProgressAsync(name);
            Assert.NotEmpty(moves);
            Assert.All(moves, move => Assert.Equal("Uploading…", move.Status));
            Assert.Equal(100, moves[^1].Value);
            await Expect(Gallery.Image(name)).ToHaveCountAsync(1);
        }

        Assert.Equal(["blue.png", "green.jpg", "red.png"], (await Gallery.ImageNamesAsync()).Order());
        var times = await Gallery.Grid.GetByRole(AriaRole.Time).EvaluateAllAsync<string[]>("ts => ts.map(t => t.getAttribute('datetime'))");
        Assert.Equal(times.OrderByDescending(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)), times);
    }

    [Fact]
    public async Task A_whole_file_put_that_storage_answers_with_slow_down_or_drops_is_sent_again_and_the_upload_succeeds()
    {
        await Gallery.ShowUserAsync(_user);
        var puts = 0;
        await Gallery.Page.RouteAsync(url => url.Contains("/uploads/", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Method != "PUT")
            {
                await route.ContinueAsync();
                return;
            }
            switch (Interlocked.Increment(ref puts))
            {
                case 1:
                    // What S3 answers a client to slow down; it asks for the same request again.
                    await route.FulfillAsync(new()
                    {
                        Status = 503,
                        ContentType = "application/xml",
                        Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
                        Body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
                    });
                    break;
                case 2:
                    await route.AbortAsync("connectionreset");
                    break;
                default:
                    await route.ContinueAsync();
                    break;
            }
        });

        await Gallery.ChooseFilesAsync(GalleryPage.File("retried.png", "image/png", TestImages.Png(320, 240, hue: 200)));
        await Gallery.WaitForUploadsAsync(1);

        await Expect(Gallery.UploadProgress("retried.png")).ToHaveAccessibleDescriptionAsync(GalleryPage.Uploaded);
        Assert.Equal(3, puts);
        await Expect(Gallery.Image("retried.png")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Files_dropped_anywhere_on_the_page_upload_like_chosen_ones()
    {
        await Gallery.ShowUserAsync(_user);
        var dataTransfer = await Gallery.Page.EvaluateHandleAsync("""
            ([name, base64]) => {
                const transfer = new DataTransfer();
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name, { type: 'image/png' }));
                return transfer;
            }
            """, new object[] { "dropped.png", Convert.ToBase64String(TestImages.Png(160, 120, hue: 90)) });
        // On the gallery itself: there is no drop zone to aim at.
        await Gallery.GallerySection.DispatchEventAsync("dragenter", new { dataTransfer });
        await Expect(Gallery.DropOverlay).ToBeVisibleAsync();
        await Gallery.GallerySection.DispatchEventAsync("drop", new { dataTransfer });
        await Expect(Gallery.DropOverlay).ToBeHiddenAsync();

        await Gallery.WaitForUploadsAsync(1);
        await Expect(Gallery.UploadProgress("dropped.png")).ToHaveAccessibleDescriptionAsync(GalleryPage.Uploaded);
        await Expect(Gallery.Image("dropped.png")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task TheGallery_shows_real_thumbnails_and_the_viewer_the_1024_px_variant_with_the_originals_dimensions()
    {
        // List items carry thumbnail_url, and images their width and height.
        await UploadThreeAsync();

        var thumbnails = Gallery.Grid.GetByRole(AriaRole.Img);
        await Expect(thumbnails).ToHaveCountAsync(3);
        foreach (var (name, width, height) in new[] { ("red.png", 256, 192), ("green.jpg", 256, 192), ("blue.png", 154, 256) })
        {
            var thumbnail = Gallery.Image(name);
            await Expect(thumbnail).ToHaveJSPropertyAsync("naturalWidth", width);
            await Expect(thumbnail).ToHaveJSPropertyAsync("naturalHeight", height);
        }

        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "red.png" }).ClickAsync();
        await Expect(Gallery.Viewer).ToBeVisibleAsync();
        await Expect(Gallery.ViewerDetail("Dimensions")).ToHaveTextAsync("640 × 480 px");
        // Smaller than 1024 px: the variant keeps the original's 640 px, never upscaled.
        Assert.Matches(GalleryPage.Variant(1024), (await Gallery.ViewerPictureSourceAsync("red.png")).AbsolutePath);
    }

    [Fact]
    public async Task The_viewer_shows_the_picture_and_its_metadata()
    {
        await Gallery.ShowUserAsync(_user);
        await Gallery.Page.GetByLabel("Tags").FillAsync("beach, holiday");
        await Gallery.Page.GetByLabel("Description").FillAsync("Sunset over the bay");
        var bytes = TestImages.Jpeg(800, 600, hue: 50);
        await Gallery.ChooseFilesAsync(GalleryPage.File("sunset.jpg", "image/jpeg", bytes));
        await Gallery.WaitForUploadsAsync(1);

        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "Sunset over the bay" }).ClickAsync();

        var viewer = Gallery.Viewer;
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Sunset over the bay" })).ToBeVisibleAsync();
        Assert.Matches(GalleryPage.Variant(1024), (await Gallery.ViewerPictureSourceAsync("Sunset over the bay")).AbsolutePath);
        await Expect(Gallery.ViewerDetail("Type")).ToContainTextAsync("image/jpeg");
        await Expect(Gallery.ViewerDetail("Tags")).ToHaveTextAsync("beach, holiday");
        await Expect(Gallery.ViewerDetail("Size")).ToHaveTextAsync(PageFormat.Bytes(bytes.Length));
        await Expect(Gallery.ViewerDetail("Uploaded").GetByRole(AriaRole.Time)).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\dT"));

        await Gallery.Page.Keyboard.PressAsync("Escape");
        await Expect(viewer).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task Deleting_one_after_confirming_leaves_two_after_a_reload()
    {
        await UploadThreeAsync();

        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "green.jpg" }).ClickAsync();
        var viewer = Gallery.Viewer;
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(viewer).ToBeVisibleAsync();
        await Expect(Gallery.Cards).ToHaveCountAsync(3);

        await viewer.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(viewer).Not.ToBeVisibleAsync();
        await Expect(Gallery.Cards).ToHaveCountAsync(2);
        await Expect(Gallery.Status).ToContainTextAsync("Deleted");

        await Gallery.Page.ReloadAsync();
        await Expect(Gallery.Page.GetByLabel("User id")).ToHaveValueAsync(_user);
        await Expect(Gallery.Cards).ToHaveCountAsync(2);
        Assert.Equal(["blue.png", "red.png"], (await Gallery.ImageNamesAsync()).Order());
    }

    [Fact]
    public async Task A_text_file_named_png_shows_the_rejection_and_leaves_nothing_in_theGallery()
    {
        await Gallery.ShowUserAsync(_user);
        await Gallery.ChooseFilesAsync(GalleryPage.File("notes.png", "image/png", TestImages.Text()));
        await Gallery.WaitForUploadsAsync(1);

        await Expect(Gallery.UploadProgress("notes.png")).ToHaveAccessibleDescriptionAsync(GalleryPage.Failed);
        await Expect(Gallery.Upload("notes.png")).ToContainTextAsync("Failed: Not an image of type image/png");
        await Expect(Gallery.Cards).ToHaveCountAsync(0);

        await Gallery.Page.ReloadAsync();
        await Gallery.ExpectGalleryMessageAsync("No images yet: upload some above.");
        await Expect(Gallery.Cards).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_type_the_api_does_not_accept_and_a_file_over_the_limit_are_refused_with_the_reason()
    {
        await Gallery.ShowUserAsync(_user);
        await Gallery.ChooseFilesAsync(
            GalleryPage.File("notes.txt", "text/plain", TestImages.Text()),
            GalleryPage.File("huge.png", "image/png", new byte[GalleryFixture.MaxUploadBytes + 1]));
        await Gallery.WaitForUploadsAsync(2);

        // The supported types come from the API's answer, not from the page.
        await Expect(Gallery.Upload("notes.txt")).ToContainTextAsync("Type not allowed");
        await Expect(Gallery.Upload("notes.txt")).ToContainTextAsync("image/png");
        await Expect(Gallery.Upload("huge.png")).ToContainTextAsync("Too large");
        await Expect(Gallery.Upload("huge.png")).ToContainTextAsync(GalleryFixture.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Gallery.Cards).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Filters_by_tag_and_by_date_narrow_theGallery()
    {
        await Gallery.ShowUserAsync(_user);
        var page = Gallery.Page;
        await page.GetByLabel("Tags").FillAsync("beach");
        await Gallery.ChooseFilesAsync(GalleryPage.File("beach.png", "image/png", TestImages.Png(120, 80, hue: 200)));
        await Gallery.WaitForUploadsAsync(1);
        await page.GetByLabel("Tags").FillAsync("city");
        await Gallery.ChooseFilesAsync(GalleryPage.File("city.png", "image/png", TestImages.Png(120, 80, hue: 20)));
        await Gallery.WaitForUploadsAsync(2);
        await Expect(Gallery.Cards).ToHaveCountAsync(2);

        await page.GetByLabel("Tag", new() { Exact = true }).FillAsync("beach");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(Gallery.Cards).ToHaveCountAsync(1);
        await Expect(Gallery.Image("beach.png")).ToHaveCountAsync(1);

        var today = DateTime.UtcNow.Date;
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await page.GetByLabel("From", new() { Exact = true }).FillAsync(today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Gallery.ExpectGalleryMessageAsync("No images match these filters.");
        await Expect(Gallery.Cards).ToHaveCountAsync(0);

        await page.GetByLabel("From", new() { Exact = true }).FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("To", new() { Exact = true }).FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(Gallery.Cards).ToHaveCountAsync(2);

        // A filter the API refuses says why, instead of pretending there is nothing.
        await page.GetByLabel("Tag", new() { Exact = true }).FillAsync(new string('x', 65));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Gallery.ExpectGalleryMessageAsync(new System.Text.RegularExpressions.Regex("^Refused: "));
        await Expect(Gallery.Cards).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task More_images_load_through_the_link_header_by_scrolling_or_by_the_load_more_button_on_a_phone()
    {
        const int total = 30; // the page asks for 24 at a time
        var bytes = TestImages.Png(64, 64, hue: 100);
        for (var i = 0; i < total; i++) await service.SeedAsync(_user, bytes, "image/png", $"seed {i:00}");

        await using var phone = await service.OpenPageAsync(width: 390, height: 740);
        await phone.ShowUserAsync(_user);
        await Expect(phone.Cards).ToHaveCountAsync(24);
        await Expect(phone.LoadMore).ToBeVisibleAsync();
        var tooWide = await phone.Page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`)
            """);
        Assert.True(tooWide.Length == 0, "wider than a phone: " + string.Join(", ", tooWide));

        await phone.Cards.Last.ScrollIntoViewIfNeededAsync();
        await Expect(phone.Cards).ToHaveCountAsync(total);
        await Expect(phone.LoadMore).ToBeHiddenAsync();
        var names = await phone.ImageNamesAsync();
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"seed {i:00}").Reverse(), names);

        // Keyboard only: the button is the fallback for the scroll observer.
        await phone.Page.EvaluateAsync("() => scrollTo(0, 0)");
        await phone.Page.ReloadAsync();
        await Expect(phone.Cards).ToHaveCountAsync(24);
        await phone.LoadMore.FocusAsync();
        await phone.Page.Keyboard.PressAsync("Enter");
        await Expect(phone.Cards).ToHaveCountAsync(total);
        Assert.Empty(phone.PageErrors);
    }
}
