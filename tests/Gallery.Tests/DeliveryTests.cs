using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>
/// What the browser downloads: thumbnails once (their URLs stay the same within a signing window, so a return visit
/// takes them from its cache), and in the viewer the 1024 px variant rather than the original.
/// </summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class DeliveryTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    /// <summary>Thumbnail responses as the DevTools protocol reports them, from the network or from a cache.</summary>
    private sealed class ThumbnailResponses
    {
        private readonly ConcurrentDictionary<string, bool> _servedFromCache = new();
        private readonly ConcurrentDictionary<string, (string Url, bool FromCache)> _responses = new();

        public static async Task<ThumbnailResponses> WatchAsync(IPage page)
        {
            var watch = new ThumbnailResponses();
            var cdp = await page.Context.NewCDPSessionAsync(page);
            // Memory cache hits: reported before their response.
            cdp.Event("Network.requestServedFromCache").OnEvent += (_, e) => watch._servedFromCache[RequestId(e)] = true;
            cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
            {
                var response = e!.Value.GetProperty("response");
                var url = response.GetProperty("url").GetString()!;
                if (!url.Contains("/thumbnails/", StringComparison.Ordinal)) return;
                var fromCache = watch._servedFromCache.ContainsKey(RequestId(e))
                                || (response.TryGetProperty("fromDiskCache", out var disk) && disk.GetBoolean());
                watch._responses[RequestId(e)] = (url, fromCache);
            };
            await cdp.SendAsync("Network.enable");
            return watch;
        }

        private static string RequestId(JsonElement? e) => e!.Value.GetProperty("requestId").GetString()!;

        /// <summary>Forgets what was seen: a new visit starts.</summary>
        public void Clear()
        {
            _responses.Clear();
            _servedFromCache.Clear();
        }

        /// <summary>Waits until every one of <paramref name="urls"/> has its response reported; how many came from a cache.</summary>
        public async Task<int> FromCacheAsync(IReadOnlyCollection<string> urls)
        {
            // Protocol events travel apart from the page's own answers: wait for them, with a deadline against a hang only.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!urls.All(url => _responses.Values.Any(r => r.Url == url)))
            {
                await Task.Delay(50, deadline.Token);
            }
            return urls.Count(url => _responses.Values.Where(r => r.Url == url).All(r => r.FromCache));
        }
    }

    /// <summary>Opens the gallery and waits for every thumbnail; returns the URLs they were loaded from.</summary>
    private async Task<string[]> VisitAsync(int count)
    {
        await Gallery.GotoAsync($"/?user={_user}");
        await Expect(Gallery.Cards).ToHaveCountAsync(count);
        var thumbnails = Gallery.Grid.GetByRole(AriaRole.Img);
        for (var i = 0; i < count; i++) await Expect(thumbnails.Nth(i)).ToHaveJSPropertyAsync("naturalWidth", 256);
        return await thumbnails.EvaluateAllAsync<string[]>("images => images.map(i => i.currentSrc)");
    }

    [Fact]
    public async Task A_second_visit_takes_at_least_90_percent_of_its_thumbnails_from_the_browser_cache()
    {
        const int count = 12;
        for (var i = 0; i < count; i++) await service.SeedAsync(_user, TestImages.Png(320, 240, hue: i * 30), "image/png", $"cached {i:00}");
        var responses = await ThumbnailResponses.WatchAsync(Gallery.Page);

        var first = await VisitAsync(count);
        Assert.Equal(0, await responses.FromCacheAsync(first));

        responses.Clear();
        var second = await VisitAsync(count);
        if (!second.SequenceEqual(first))
        {
            // The signing window turned between the two visits, so these URLs are new: a third visit is the return one.
            Assert.Equal(0, await responses.FromCacheAsync(second));
            first = second;
            responses.Clear();
            second = await VisitAsync(count);
        }
        Assert.Equal(first, second);
        var fromCache = await responses.FromCacheAsync(second);
        Assert.True(fromCache >= 0.9 * count, $"{fromCache} of {count} thumbnails from the browser cache on the second visit");
    }

    [Fact]
    public async Task Opening_an_image_fetches_its_1024_px_variant_not_the_original_which_is_a_download_link()
    {
        var imageId = await service.SeedAsync(_user, TestImages.Jpeg(1600, 1200, hue: 40), "image/jpeg", "Harbour, large");
        var fromStorage = new ConcurrentQueue<Uri>();
        Gallery.Page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Authority != service.BaseUrl.Authority) fromStorage.Enqueue(url);
        };

        await Gallery.ShowUserAsync(_user);
        var variantRequested = Gallery.Page.WaitForRequestAsync(request => GalleryPage.Variant(1024, imageId).IsMatch(new Uri(request.Url).AbsolutePath));
        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "Harbour, large" }).ClickAsync();

        var picture = Gallery.ViewerPicture("Harbour, large");
        await Expect(picture).ToHaveAttributeAsync("srcset", new Regex(@"/256-[0-9a-f]+\.webp\?[^ ]+ 256w, \S+/1024-[0-9a-f]+\.webp\?[^ ]+ 1024w$"));
        var shown = await Gallery.ViewerPictureSourceAsync("Harbour, large");
        Assert.Matches(GalleryPage.Variant(1024, imageId), shown.AbsolutePath);
        var original = Gallery.Viewer.GetByRole(AriaRole.Link, new() { Name = "Download original" });
        await Expect(original).ToHaveAttributeAsync("href", new Regex($"/images/{imageId}\\?"));

        await variantRequested;
        Assert.DoesNotContain(fromStorage, url => url.AbsolutePath.EndsWith($"/images/{imageId}", StringComparison.Ordinal));
    }
}
