using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>The Trash view: deleted images with their days left, restore, delete forever, empty trash.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class TrashViewTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    private async Task<string> SeedAsync(string name, int hue) =>
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: hue), "image/png", name);

    private async Task TrashAsync(string imageId)
    {
        using var deleted = await service.Api.DeleteAsync($"/images/{imageId}");
        Assert.True(deleted.IsSuccessStatusCode, $"DELETE {(int)deleted.StatusCode}");
    }

    private ILocator Trash => Gallery.Page.GetByRole(AriaRole.Dialog, new() { Name = "Trash" });

    private ILocator TrashItems => Trash.GetByRole(AriaRole.List, new() { Name = "Trash" }).GetByRole(AriaRole.Listitem);

    [Fact]
    public async Task Deleted_images_wait_in_the_trash_with_their_days_left_and_come_back_or_go_for_good_from_there()
    {
        await SeedAsync("kept", 30);
        await TrashAsync(await SeedAsync("comes back", 140));
        await TrashAsync(await SeedAsync("goes for good", 260));
        await Gallery.ShowUserAsync(_user);
        await Expect(Gallery.Cards).ToHaveCountAsync(1);

        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Trash", Exact = true }).ClickAsync();
        await Expect(TrashItems).ToHaveCountAsync(2);
        await Expect(TrashItems.First).ToContainTextAsync("30 days left");
        await Expect(Trash.GetByRole(AriaRole.Img, new() { Name = "comes back" })).ToHaveCountAsync(1);

        await Trash.GetByRole(AriaRole.Button, new() { Name = "Restore “comes back”" }).ClickAsync();
        await Expect(TrashItems).ToHaveCountAsync(1);
        await Expect(Gallery.Cards).ToHaveCountAsync(2);

        await Trash.GetByRole(AriaRole.Button, new() { Name = "Delete “goes for good” forever" }).ClickAsync();
        await Expect(TrashItems).ToHaveCountAsync(0);
        await Expect(Trash).ToContainTextAsync("The trash is empty.");
        await Expect(Trash.GetByRole(AriaRole.Button, new() { Name = "Empty trash" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Emptying_the_trash_deletes_everything_in_it_and_nothing_else()
    {
        await SeedAsync("kept", 30);
        await TrashAsync(await SeedAsync("first", 140));
        await TrashAsync(await SeedAsync("second", 260));
        await Gallery.ShowUserAsync(_user);

        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Trash", Exact = true }).ClickAsync();
        await Expect(TrashItems).ToHaveCountAsync(2);
        await Trash.GetByRole(AriaRole.Button, new() { Name = "Empty trash" }).ClickAsync();

        await Expect(Trash).ToContainTextAsync("The trash is empty.");
        await Expect(Gallery.Status).ToContainTextAsync("Deleted 2 images for good.");
        using var listed = await service.Api.GetAsync($"/images?user_id={_user}&trashed=true");
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync());
        await Expect(Gallery.Cards).ToHaveCountAsync(1);
    }
}
