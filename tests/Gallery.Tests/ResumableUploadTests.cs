using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>
/// Large files in parts straight to S3, through a drop of the connection and a reload; the SHA-256 the page computes
/// for every upload, and the duplicate it lets the API find before a byte moves.
/// </summary>
[Collection(OpenGalleryCollection.Name)]
public sealed partial class ResumableUploadTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    /// <summary>The part PUTs the page sent and the ones storage accepted, by part number.</summary>
    private sealed class PartTraffic
    {
        public ConcurrentDictionary<int, int> Sent { get; } = new();
        public ConcurrentDictionary<int, int> Stored { get; } = new();
        public TaskCompletionSource FirstTwoStored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PartTraffic(IPage page)
        {
            page.Request += (_, request) =>
            {
                if (request.Method == "PUT" && PartNumber(request.Url) is { } part) Sent.AddOrUpdate(part, 1, (_, n) => n + 1);
            };
            page.Response += (_, response) =>
            {
                if (response.Request.Method != "PUT" || PartNumber(response.Url) is not { } part || !response.Ok) return;
                Stored.AddOrUpdate(part, 1, (_, n) => n + 1);
                if (Stored.ContainsKey(1) && Stored.ContainsKey(2)) FirstTwoStored.TrySetResult();
            };
        }
    }

    [GeneratedRegex(@"[?&]partNumber=(\d+)")]
    private static partial Regex PartNumberParameter();

    private static int? PartNumber(string url) =>
        PartNumberParameter().Match(url) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Lets parts 1 and 2 through; the others wait until <paramref name="release"/> and then meet the network as it is.</summary>
    private static Task HoldPartsAfterTheSecondAsync(IPage page, Task release) =>
        page.RouteAsync(url => PartNumber(url) is > 2, async route =>
        {
            if (route.Request.Method == "PUT") await release;
            try
            {
                await route.ContinueAsync();
            }
            catch (PlaywrightException)
            {
                // The page gave the request up meanwhile (it went offline, or reloaded).
            }
        });

    [Fact]
    public async Task A_large_image_goes_up_in_parts_pauses_while_offline_and_resumes_to_available_without_resending_parts()
    {
        using var file = new LargeImageFile("offline.tif");
        await Gallery.ShowUserAsync(_user);
        var page = Gallery.Page;
        var traffic = new PartTraffic(page);
        var wentOffline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await HoldPartsAfterTheSecondAsync(page, wentOffline.Task);

        await Gallery.ChooseFileAsync(file.Path);
        await traffic.FirstTwoStored.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await page.Context.SetOfflineAsync(true);
        wentOffline.SetResult();

        var progress = Gallery.UploadProgress(file.Name);
        await Expect(progress).ToHaveAccessibleDescriptionAsync(GalleryPage.Paused);
        // Honest: what the parts on their way had sent is lost, what storage holds is not.
        var twoParts = (int)Math.Round(2.0 * LargeImageFile.PartSize / file.Length * 100);
        await Expect(progress).ToHaveJSPropertyAsync("value", twoParts);

        await page.Context.SetOfflineAsync(false);
        await Gallery.WaitForUploadsAsync(1);
        await Expect(progress).ToHaveAccessibleDescriptionAsync($"Uploaded ({LargeImageFile.Side} × {LargeImageFile.Side}).");
        await Expect(progress).ToHaveJSPropertyAsync("value", 100);
        await Expect(Gallery.Cards).ToHaveCountAsync(1);

        Assert.Equal(1, traffic.Sent[1]);
        Assert.Equal(1, traffic.Sent[2]);
        Assert.All(Enumerable.Range(1, file.PartCount), part => Assert.Equal(1, traffic.Stored.GetValueOrDefault(part)));
    }

    [Fact]
    public async Task Choosing_the_same_file_after_a_reload_sends_only_the_parts_storage_does_not_hold_even_if_listing_them_fails_once()
    {
        using var file = new LargeImageFile("reloaded.tif");
        await Gallery.ShowUserAsync(_user);
        var page = Gallery.Page;
        var traffic = new PartTraffic(page);
        var never = new TaskCompletionSource();
        await HoldPartsAfterTheSecondAsync(page, never.Task);

        await Gallery.ChooseFileAsync(file.Path);
        await traffic.FirstTwoStored.Task.WaitAsync(TimeSpan.FromMinutes(2));
        // Reloaded while parts 3 to 5 are still held, so none of their bytes reaches storage.
        await page.ReloadAsync();
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await Gallery.WaitForGalleryAsync();
        // The first listing of the stored parts meets a storage blip: 503 with Retry-After, as the API answers it.
        var listings = 0;
        await page.RouteAsync(url => url.EndsWith("/parts", StringComparison.Ordinal), async route =>
        {
            if (route.Request.Method != "GET" || Interlocked.Increment(ref listings) > 1)
            {
                await route.ContinueAsync();
                return;
            }
            await route.FulfillAsync(new()
            {
                Status = 503,
                ContentType = "application/problem+json",
                Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
                Body = """{"title":"Storage unavailable","status":503}""",
            });
        });

        await Gallery.ChooseFileAsync(file.Path);
        await Gallery.WaitForUploadsAsync(1);
        await Expect(Gallery.UploadProgress(file.Name)).ToHaveAccessibleDescriptionAsync(GalleryPage.Uploaded);
        await Expect(Gallery.Cards).ToHaveCountAsync(1);

        Assert.Equal(2, listings);
        Assert.Equal(1, traffic.Sent[1]);
        Assert.Equal(1, traffic.Sent[2]);
        Assert.All(Enumerable.Range(1, file.PartCount), part => Assert.Equal(1, traffic.Stored.GetValueOrDefault(part)));
    }

    [Fact]
    public async Task A_part_whose_URL_expired_is_signed_again_and_a_part_whose_connection_dropped_is_sent_again()
    {
        using var file = new LargeImageFile("retried.tif");
        await Gallery.ShowUserAsync(_user);
        var page = Gallery.Page;
        var traffic = new PartTraffic(page);
        var signingCalls = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/parts", StringComparison.Ordinal)) Interlocked.Increment(ref signingCalls);
        };
        var expiredOnce = 0;
        var droppedOnce = 0;
        await page.RouteAsync(url => PartNumber(url) is 1 or 2, async route =>
        {
            var part = PartNumber(route.Request.Url);
            if (route.Request.Method == "PUT" && part == 1 && Interlocked.Exchange(ref expiredOnce, 1) == 0)
            {
                // What S3 answers a presigned URL past its expiry.
                await route.FulfillAsync(new()
                {
                    Status = 403,
                    ContentType = "application/xml",
                    Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
                    Body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
                });
            }
            else if (route.Request.Method == "PUT" && part == 2 && Interlocked.Exchange(ref droppedOnce, 1) == 0)
            {
                await route.AbortAsync("connectionreset");
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await Gallery.ChooseFileAsync(file.Path);
        await Gallery.WaitForUploadsAsync(1);
        await Expect(Gallery.UploadProgress(file.Name)).ToHaveAccessibleDescriptionAsync(GalleryPage.Uploaded);

        Assert.Equal(2, traffic.Sent[1]);
        Assert.Equal(2, traffic.Sent[2]);
        Assert.All(Enumerable.Range(1, file.PartCount), part => Assert.Equal(1, traffic.Stored.GetValueOrDefault(part)));
        // One call signed all five parts; the expired one was signed again on its own.
        Assert.Equal(2, signingCalls);
    }

    [Fact]
    public async Task A_part_storage_never_got_although_its_PUT_looked_finished_is_sent_when_complete_says_parts_are_missing()
    {
        using var file = new LargeImageFile("lost.tif");
        await Gallery.ShowUserAsync(_user);
        var page = Gallery.Page;
        var traffic = new PartTraffic(page);
        var lostOnce = 0;
        await page.RouteAsync(url => PartNumber(url) == file.PartCount, async route =>
        {
            if (route.Request.Method == "PUT" && Interlocked.Exchange(ref lostOnce, 1) == 0)
            {
                // A success that never reached storage: only complete's 409 can tell.
                await route.FulfillAsync(new() { Status = 200, Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" } });
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await Gallery.ChooseFileAsync(file.Path);
        await Gallery.WaitForUploadsAsync(1);
        await Expect(Gallery.UploadProgress(file.Name)).ToHaveAccessibleDescriptionAsync(GalleryPage.Uploaded);

        Assert.Equal(2, traffic.Sent[file.PartCount]);
        Assert.All(Enumerable.Range(1, file.PartCount - 1), part => Assert.Equal(1, traffic.Sent[part]));
    }

    [Fact]
    public async Task The_pages_SHA256_matches_known_vectors_and_WebCrypto_and_its_worker_hashes_files_and_parts()
    {
        await Gallery.ShowUserAsync(_user);
        var results = await Gallery.Page.EvaluateAsync<string[]>("""
            async () => {
              const { Sha256, toHex } = await import('/js/sha256.js');
              const { hashFile } = await import('/js/hashing.js');
              const hex = buffer => toHex(new Uint8Array(buffer));
              const text = value => toHex(new Sha256().update(new TextEncoder().encode(value)).digest());

              // 1 MB of varied bytes, fed in pieces that straddle the 64-byte blocks.
              const big = new Uint8Array(1_000_003).map((_, i) => (i * 7919 + (i >> 11)) & 0xff);
              const pieces = new Sha256();
              for (let i = 0; i < big.length; i += 1000) pieces.update(big.subarray(i, i + 1000));

              // The worker: the whole file, and the checksum of each part (here 256 KiB).
              const file = new File([big], 'big.bin');
              const partSize = 256 * 1024;
              const hashed = await hashFile(file, partSize);
              const parts = await Promise.all(Array.from({ length: Math.ceil(big.length / partSize) },
                (_, i) => crypto.subtle.digest('SHA-256', big.subarray(i * partSize, (i + 1) * partSize))));
              const base64 = buffer => btoa(String.fromCharCode(...new Uint8Array(buffer)));

              return [
                text('abc'),
                text(''),
                text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
                toHex(pieces.digest()) === hex(await crypto.subtle.digest('SHA-256', big)) ? 'pieces agree' : 'pieces differ',
                hashed.sha256 === hex(await crypto.subtle.digest('SHA-256', big)) ? 'worker agrees' : 'worker differs',
                JSON.stringify(hashed.partChecksums) === JSON.stringify(parts.map(base64)) ? 'parts agree' : 'parts differ',
              ];
            }
            """);

        Assert.Equal(
            [
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                "pieces agree",
                "worker agrees",
                "parts agree",
            ],
            results);
    }

    [Fact]
    public async Task The_same_bytes_again_say_already_in_your_gallery_upload_nothing_and_show_the_existing_image()
    {
        var bytes = TestImages.Png(320, 200, hue: 170);
        await Gallery.ShowUserAsync(_user);
        await Gallery.ChooseFilesAsync(GalleryPage.File("first.png", "image/png", bytes));
        await Gallery.WaitForUploadsAsync(1);
        await Expect(Gallery.Cards).ToHaveCountAsync(1);

        var puts = 0;
        Gallery.Page.Request += (_, request) => { if (request.Method == "PUT") Interlocked.Increment(ref puts); };
        await Gallery.ChooseFilesAsync(GalleryPage.File("again.png", "image/png", bytes));
        await Gallery.WaitForUploadsAsync(2);

        var again = Gallery.Upload("again.png");
        await Expect(Gallery.UploadProgress("again.png")).ToHaveAccessibleDescriptionAsync(GalleryPage.AlreadyThere);
        Assert.Equal(0, puts);
        await Expect(Gallery.Cards).ToHaveCountAsync(1);

        await again.GetByRole(AriaRole.Button, new() { Name = "Show the existing image" }).ClickAsync();
        await Expect(Gallery.Viewer.GetByRole(AriaRole.Heading, new() { Name = "first.png" })).ToBeVisibleAsync();
        Assert.Matches(GalleryPage.Variant(1024), (await Gallery.ViewerPictureSourceAsync("first.png")).AbsolutePath);
    }
}
