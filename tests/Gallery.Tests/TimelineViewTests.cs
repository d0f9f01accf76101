using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>"Sort by: Date taken": the timeline, a heading per day the photos were taken, and back to the upload order.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class TimelineViewTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    private ILocator Pictures => Gallery.Grid.Locator("li.card");

    private ILocator DayHeadings => Gallery.Grid.GetByRole(AriaRole.Heading);

    [Fact]
    public async Task Sorting_by_date_taken_shows_the_photos_by_day_with_a_heading_each_and_sorting_by_upload_takes_them_away()
    {
        // Uploaded in this order; taken in another, two on one day.
        await service.SeedAsync(_user, TestImages.Photo(120, 90, 30, "2019:07:04 09:15:00"), "image/jpeg", "morning of the 4th");
        await service.SeedAsync(_user, TestImages.Photo(120, 90, 140, "2021:12:24 20:00:00"), "image/jpeg", "christmas eve");
        await service.SeedAsync(_user, TestImages.Photo(120, 90, 260, "2019:07:04 18:30:00"), "image/jpeg", "evening of the 4th");
        await Gallery.ShowUserAsync(_user);
        await Expect(Pictures).ToHaveCountAsync(3);
        await Expect(DayHeadings).ToHaveCountAsync(0);

        await Gallery.Page.GetByLabel("Sort by").SelectOptionAsync("taken");

        await Expect(DayHeadings).ToHaveCountAsync(2);
        await Expect(DayHeadings.Nth(0)).ToHaveTextAsync(new Regex("2021"));
        await Expect(DayHeadings.Nth(1)).ToHaveTextAsync(new Regex("2019"));
        Assert.Equal(["christmas eve", "evening of the 4th", "morning of the 4th"], await AltTextsAsync());

        await Gallery.Page.GetByLabel("Sort by").SelectOptionAsync("uploaded");

        await Expect(DayHeadings).ToHaveCountAsync(0);
        Assert.Equal(["evening of the 4th", "christmas eve", "morning of the 4th"], await AltTextsAsync());
    }

    private async Task<List<string>> AltTextsAsync()
    {
        await Expect(Pictures).ToHaveCountAsync(3);
        var alts = await Pictures.Locator(".frame > [aria-label], .frame > img").EvaluateAllAsync<string[]>(
            "nodes => nodes.map(node => node.getAttribute('alt') ?? node.getAttribute('aria-label'))");
        return [.. alts];
    }
}
