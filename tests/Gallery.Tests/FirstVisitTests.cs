using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetVips;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>
/// A first visit on a 1280 × 900 screen: the grid is what the page shows first, and every picture's place is painted
/// with its placeholder, in a box of the image's shape, before its thumbnail arrives.
/// </summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class FirstVisitTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    /// <summary>Several shapes, each with a 256 px thumbnail of whole dimensions.</summary>
    private static readonly (string Name, int Width, int Height, double Hue)[] Pictures =
    [
        ("wide", 1024, 512, 20), ("landscape", 640, 480, 80), ("square", 512, 512, 140),
        ("portrait", 480, 640, 200), ("tall", 512, 1024, 260), ("panorama", 1024, 256, 320),
    ];

    private async Task<Dictionary<string, byte[]>> SeedPicturesAsync()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var (name, width, height, hue) in Pictures)
        {
            files[name] = TestImages.Png(width, height, hue);
            await service.SeedAsync(_user, files[name], "image/png", name);
        }
        return files;
    }

    [Fact]
    public async Task At_1280_by_900_the_first_row_of_thumbnails_is_visible_without_scrolling()
    {
        await SeedPicturesAsync();
        Assert.Equal((1280, 900), (Gallery.Page.ViewportSize!.Width, Gallery.Page.ViewportSize.Height));

        await Gallery.ShowUserAsync(_user);
        await Expect(Gallery.Cards).ToHaveCountAsync(Pictures.Length);

        var thumbnails = Gallery.Grid.GetByRole(AriaRole.Img);
        var tops = new List<double>();
        foreach (var thumbnail in await thumbnails.AllAsync()) tops.Add((await thumbnail.BoundingBoxAsync())!.Y);
        var firstRow = tops.Select((top, index) => (top, index)).Where(t => Math.Abs(t.top - tops[0]) < 1).Select(t => t.index).ToList();
        Assert.True(firstRow.Count >= 3, $"first row: {firstRow.Count} pictures (tops {string.Join(", ", tops)})");

        foreach (var index in firstRow) await Expect(thumbnails.Nth(index)).ToBeInViewportAsync(new() { Ratio = 1 });
        Assert.Equal(0, await Gallery.Page.EvaluateAsync<double>("() => scrollY"));
    }

    [Fact]
    public async Task A_first_visit_paints_placeholders_in_boxes_of_the_images_shape_and_nothing_moves_when_thumbnails_arrive()
    {
        var files = await SeedPicturesAsync();
        var page = Gallery.Page;
        await page.AddInitScriptAsync(LayoutShiftRecorder);
        var thumbnailsHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex("/thumbnails/"), async route =>
        {
            await thumbnailsHeld.Task;
            await route.ContinueAsync();
        });

        // Straight to the user's gallery by its address (no typing: a layout shift right after input would not count),
        // and not waiting for the load event, which waits for the held thumbnails.
        await page.GotoAsync($"/?user={_user}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Gallery.WaitForGalleryAsync();
        await Expect(Gallery.Cards).ToHaveCountAsync(Pictures.Length);

        foreach (var (name, width, height, _) in Pictures)
        {
            var picture = Gallery.Image(name);
            Assert.Equal(0, await picture.EvaluateAsync<int>("img => img.naturalWidth"));
            var box = (await picture.BoundingBoxAsync())!;
            Assert.Equal((double)width / height, box.Width / box.Height, tolerance: 0.03);

            var painted = MeanColour(await picture.ScreenshotAsync());
            var expected = MeanColour(files[name]);
            var distance = Math.Sqrt(painted.Zip(expected, (a, b) => (a - b) * (a - b)).Sum());
            Assert.True(distance < 24,
                $"{name}: the box shows rgb({string.Join(", ", painted.Select(c => (int)c))}), the image averages rgb({string.Join(", ", expected.Select(c => (int)c))})");
        }

        var placed = await Gallery.Cards.EvaluateAllAsync<string[]>(CardGeometry);
        thumbnailsHeld.SetResult();
        foreach (var (name, width, height, _) in Pictures)
        {
            await Expect(Gallery.Image(name)).ToHaveJSPropertyAsync("naturalWidth", width >= height ? 256 : 256 * width / height);
        }

        var shifts = await page.EvaluateAsync<JsonElement>(LayoutShiftsSoFar);
        Assert.True(shifts.GetArrayLength() == 0, $"layout shifts: {shifts}");
        // Chromium reports no shift below its own threshold: every box of every card is compared as well.
        Assert.Equal(placed, await Gallery.Cards.EvaluateAllAsync<string[]>(CardGeometry));
    }

    /// <summary>Where each card and everything in it is drawn, to the pixel.</summary>
    private const string CardGeometry = """
        cards => cards.flatMap(card => [card, ...card.querySelectorAll('*')]).map(element => {
          const box = element.getBoundingClientRect();
          return `${element.tagName} ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}`;
        })
        """;

    /// <summary>Notes every layout shift from the start of each navigation (buffered: also those before it ran).</summary>
    private const string LayoutShiftRecorder = """
        window.layoutShifts = [];
        window.layoutShiftObserver = new PerformanceObserver(list => window.layoutShifts.push(...list.getEntries()));
        window.layoutShiftObserver.observe({ type: 'layout-shift', buffered: true });
        """;

    /// <summary>
    /// The shifts not caused by input, after two more frames have been rendered (a shift is reported with the frame that
    /// shows it), including those reported but not yet delivered to the observer.
    /// </summary>
    private const string LayoutShiftsSoFar = """
        () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
          const entries = [...window.layoutShifts, ...window.layoutShiftObserver.takeRecords()];
          resolve(entries.filter(e => !e.hadRecentInput).map(e => ({
            value: e.value,
            moved: e.sources.map(s => s.node ? s.node.outerHTML.slice(0, 100) : '(gone)'),
          })));
        })))
        """;

    private static double[] MeanColour(byte[] encoded)
    {
        using var image = Image.NewFromBuffer(encoded);
        using var rgb = image.Bands > 3 ? image.ExtractBand(0, n: 3) : image.Copy();
        return [.. Enumerable.Range(0, 3).Select(band =>
        {
            using var channel = rgb.ExtractBand(band);
            return channel.Avg();
        })];
    }
}
