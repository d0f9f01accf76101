using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>
/// The load balancer gives up on a slow confirmation (504) or the connection drops, after the request reached the API,
/// which goes on and settles the image: the page does not know the answer, so it reads the image's status and shows
/// what is true instead of "Failed".
/// </summary>
[Collection(OpenGalleryCollection.Name)]
public sealed partial class LostAnswerTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    [GeneratedRegex("/images/[^/?]+$")]
    private static partial Regex ImageStatus();

    /// <summary>Counts the page's calls; the first complete reaches the API, then its answer is lost as the test chooses.</summary>
    private sealed class LosingFirstAnswer
    {
        public int Completes;
        public int StatusReads;
        public int RealFirstAnswer;

        public static async Task<LosingFirstAnswer> RouteAsync(IPage page, string loss)
        {
            var traffic = new LosingFirstAnswer();
            page.Request += (_, request) =>
            {
                if (request.Method == "GET" && ImageStatus().IsMatch(request.Url)) Interlocked.Increment(ref traffic.StatusReads);
            };
            await page.RouteAsync(url => url.EndsWith("/complete", StringComparison.Ordinal), async route =>
            {
                if (Interlocked.Increment(ref traffic.Completes) > 1)
                {
                    await route.ContinueAsync();
                    return;
                }
                traffic.RealFirstAnswer = (await route.FetchAsync()).Status;
                if (loss == "connectionreset")
                {
                    await route.AbortAsync("connectionreset");
                    return;
                }
                // What an Application Load Balancer answers when its idle timeout passes first.
                await route.FulfillAsync(new()
                {
                    Status = 504,
                    ContentType = "text/html",
                    Body = "<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>",
                });
            });
            return traffic;
        }
    }

    [Theory]
    [InlineData("504")]
    [InlineData("connectionreset")]
    public async Task An_image_confirmed_while_its_answer_was_lost_shows_as_uploaded_without_confirming_again(string loss)
    {
        await Gallery.ShowUserAsync(_user);
        var traffic = await LosingFirstAnswer.RouteAsync(Gallery.Page, loss);

        await Gallery.ChooseFilesAsync(GalleryPage.File("slow.png", "image/png", TestImages.Png(320, 240, hue: 80)));
        await Gallery.WaitForUploadsAsync(1);

        await Expect(Gallery.UploadProgress("slow.png")).ToHaveAccessibleDescriptionAsync(new Regex(@"^Uploaded \(320 × 240\)"));
        await Expect(Gallery.Image("slow.png")).ToHaveCountAsync(1);
        Assert.Equal(200, traffic.RealFirstAnswer);
        Assert.Equal(1, traffic.Completes);
        Assert.True(traffic.StatusReads >= 1, "the page never read the image's status");
    }

    [Fact]
    public async Task A_refused_upload_whose_answer_was_lost_shows_the_refusal_and_its_reason()
    {
        await Gallery.ShowUserAsync(_user);
        var traffic = await LosingFirstAnswer.RouteAsync(Gallery.Page, "504");

        await Gallery.ChooseFilesAsync(GalleryPage.File("notes.png", "image/png", TestImages.Text()));
        await Gallery.WaitForUploadsAsync(1);

        await Expect(Gallery.Upload("notes.png")).ToContainTextAsync("Failed: Not an image of type image/png");
        Assert.Equal(422, traffic.RealFirstAnswer);
        Assert.True(traffic.StatusReads >= 1, "the page never read the image's status");
    }
}
