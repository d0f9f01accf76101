using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gallery.Tests;

/// <summary>Sharing from the gallery, and the shared page as an anonymous visitor sees it, in Chromium with axe.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class ShareTests(OpenGalleryFixture service) : PageTests(service)
{
    private readonly string _user = GalleryFixture.NewUserId();

    private ILocator ShareDialog => Gallery.Page.GetByRole(AriaRole.Dialog, new() { Name = "Share" });

    private ILocator Links => ShareDialog.GetByRole(AriaRole.List, new() { Name = "Your links" }).GetByRole(AriaRole.Listitem);

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(violation => violation.Impact is "serious" or "critical")
            .Select(violation => $"{violation.Id} ({violation.Impact}): {violation.Help}")
            .ToList();
        Assert.True(serious.Count == 0, $"{state}:\n{string.Join("\n", serious)}");
    }

    private async Task<string> CreateLinkAsync(string title)
    {
        await ShareDialog.GetByLabel("Title").FillAsync(title);
        await ShareDialog.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();
        var url = ShareDialog.GetByLabel("Link (shown only now)");
        await Expect(url).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/s/[A-Za-z0-9_-]{43}$"));
        return await url.InputValueAsync();
    }

    [Fact]
    public async Task A_link_made_in_the_viewer_opens_for_an_anonymous_visitor_under_a_strict_policy_and_answers_410_once_revoked()
    {
        await service.SeedAsync(_user, TestImages.Png(160, 120, hue: 40), "image/png", "lighthouse");
        await Gallery.ShowUserAsync(_user);
        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "lighthouse" }).ClickAsync();
        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Share…" }).ClickAsync();
        await Expect(ShareDialog).ToContainTextAsync("A link to this image.");
        await AssertNoSeriousViolationsAsync(Gallery.Page, "share dialog open");

        var url = await CreateLinkAsync("Coast walk");
        await ShareDialog.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Expect(Links).ToHaveCountAsync(1);
        await Expect(Links.First).ToContainTextAsync("Coast walk");

        await using var visitor = await service.OpenPageAsync();
        var refused = new List<string>();
        visitor.Page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };
        var opened = await visitor.Page.GotoAsync(url);
        Assert.Equal(200, opened!.Status);
        await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Coast walk" })).ToBeVisibleAsync();
        var picture = visitor.Page.GetByRole(AriaRole.Img, new() { Name = "Image 1 of 1" });
        await Expect(picture).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await picture.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the thumbnail did not load");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Image 1 of 1: open larger" }).ClickAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Link, new() { Name = "Open the original" })).ToBeHiddenAsync();
        await AssertNoSeriousViolationsAsync(visitor.Page, "shared page with the viewer open");
        Assert.Empty(refused);
        Assert.Empty(visitor.PageErrors);

        await Links.First.GetByRole(AriaRole.Button, new() { Name = "Revoke the link “Coast walk”" }).ClickAsync();
        await Expect(Links.First).ToContainTextAsync("No links yet.");
        var gone = await visitor.Page.GotoAsync(url);
        Assert.Equal(410, gone!.Status);
        await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Link no longer available" })).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(visitor.Page, "revoked link");
    }

    [Fact]
    public async Task Share_shown_links_every_image_the_gallery_shows()
    {
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 100), "image/png", "first");
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 200), "image/png", "second");
        await Gallery.ShowUserAsync(_user);
        await Expect(Gallery.Cards).ToHaveCountAsync(2);

        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Share shown…" }).ClickAsync();
        await Expect(ShareDialog).ToContainTextAsync("A link to these 2 images.");
        var url = await CreateLinkAsync("Both");

        await using var visitor = await service.OpenPageAsync();
        await visitor.Page.GotoAsync(url);
        await Expect(visitor.Page.GetByRole(AriaRole.List, new() { Name = "Both" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(visitor.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 images, shared until");
    }

    [Fact]
    public async Task Images_chosen_in_selection_mode_are_shared_in_one_link_and_only_they()
    {
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 100), "image/png", "first");
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 200), "image/png", "second");
        await service.SeedAsync(_user, TestImages.Png(120, 90, hue: 300), "image/png", "third");
        await Gallery.ShowUserAsync(_user);
        await Expect(Gallery.Cards).ToHaveCountAsync(3);

        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Select", Exact = true }).ClickAsync();
        await Expect(Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Share selected (0)…" })).ToBeDisabledAsync();
        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "first" }).ClickAsync();
        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "third" }).ClickAsync();
        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "second" }).ClickAsync();
        await Gallery.Grid.GetByRole(AriaRole.Button, new() { Name = "second" }).ClickAsync(); // chosen, then not

        await Expect(Gallery.Grid.GetByRole(AriaRole.Button, new() { Pressed = true })).ToHaveCountAsync(2);
        await Expect(Gallery.Viewer).ToBeHiddenAsync();
        await AssertNoSeriousViolationsAsync(Gallery.Page, "two images chosen");
        await Gallery.Page.GetByRole(AriaRole.Button, new() { Name = "Share selected (2)…" }).ClickAsync();
        await Expect(ShareDialog).ToContainTextAsync("A link to these 2 images.");
        var url = await CreateLinkAsync("Two of three");

        using var listed = await service.Api.GetAsync($"/images?user_id={_user}");
        var ids = System.Text.Json.Nodes.JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray()
            .ToDictionary(image => image!["description"]!.GetValue<string>(), image => image!["image_id"]!.GetValue<string>());
        using var shared = await service.Api.GetAsync(new Uri(url).AbsolutePath + "/images");
        var body = await shared.Content.ReadAsStringAsync();
        Assert.True(shared.IsSuccessStatusCode, body);
        Assert.Contains(ids["first"], body, StringComparison.Ordinal);
        Assert.Contains(ids["third"], body, StringComparison.Ordinal);
        Assert.DoesNotContain(ids["second"], body, StringComparison.Ordinal);
    }
}
