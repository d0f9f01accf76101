using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>The usage meter in the header, and the upload tray's words for a quota refusal with the way to the trash.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed partial class QuotaMeterTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    private ILocator Usage => Gallery.Page.GetByRole(AriaRole.Region, new() { Name = "Storage used" });

    private ILocator Trash => Gallery.Page.GetByRole(AriaRole.Dialog, new() { Name = "Trash" });

    private async Task SetQuotaAsync(long? bytes, long? images)
    {
        using var response = await service.Api.PutAsJsonAsync($"/users/{_user}/quota", new { bytes_limit = bytes, images_limit = images });
        Assert.True(response.IsSuccessStatusCode, $"PUT quota {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_header_shows_bytes_used_of_the_quota_and_follows_a_delete_and_emptying_the_trash()
    {
        await SetQuotaAsync(bytes: 10 * 1024 * 1024, images: 5);
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 40), "image/png", "counted");
        await Gallery.ShowUserAsync(_user);

        await Expect(Usage.GetByRole(AriaRole.Meter)).ToBeVisibleAsync();
        await Expect(Usage).ToContainTextAsync(UsedOfTenMiB());
        await Expect(Usage).ToContainTextAsync("1 of 5 images");

        await Gallery.Image("counted").ClickAsync();
        await Gallery.Viewer.GetByRole(AriaRole.Button, new() { Name = "Delete…" }).ClickAsync();
        await Gallery.Viewer.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(Usage).ToContainTextAsync("1 of 5 images · 1 in the trash");

        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Trash", Exact = true }).ClickAsync();
        await Trash.GetByRole(AriaRole.Button, new() { Name = "Empty trash" }).ClickAsync();
        await Expect(Usage).ToContainTextAsync("0 bytes of 10 MiB · 0 of 5 images");
    }

    [Fact]
    public async Task Without_a_limit_the_meter_says_no_limit_and_shows_no_bar()
    {
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 200), "image/png", "free");
        await Gallery.ShowUserAsync(_user);

        await Expect(Usage).ToContainTextAsync("(no limit) · 1 image");
        await Expect(Usage.GetByRole(AriaRole.Meter)).ToBeHiddenAsync();
    }

    [Fact]
    public async Task An_upload_past_the_quota_says_usage_limit_and_the_trash_in_the_tray_and_opens_the_trash()
    {
        await SetQuotaAsync(bytes: null, images: 1);
        var first = await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 90), "image/png", "in the trash");
        using (var deleted = await service.Api.DeleteAsync($"/images/{first}")) Assert.True(deleted.IsSuccessStatusCode);
        await Gallery.ShowUserAsync(_user);

        await Gallery.ChooseFilesAsync(GalleryPage.File("one-too-many.png", "image/png", TestImages.Png(160, 120, hue: 300)));

        var row = Gallery.Upload("one-too-many.png");
        await Expect(row).ToContainTextAsync("Failed: Over your quota of 1 image: you have 1. 1 of them is in the trash: empty the trash to free the space.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Open the trash" }).ClickAsync();
        await Expect(Trash).ToBeVisibleAsync();
        await Expect(Trash.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
    }

    [GeneratedRegex(@"\d+(\.\d)? KiB of 10 MiB")]
    private static partial Regex UsedOfTenMiB();
}
