using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Gallery.Tests;

/// <summary>The Scalar API reference under its own Content-Security-Policy, in a real Chromium.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class ApiReferencePageTests(OpenGalleryFixture service)
{
    [Fact]
    public async Task The_API_reference_renders_its_operations_under_its_own_content_security_policy_without_a_violation()
    {
        await using var reference = await service.OpenPageAsync();
        var violations = new List<string>();
        reference.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add(message.Text);
        };

        var response = await reference.Page.GotoAsync("/scalar/v1");

        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"]);
        await Assertions.Expect(reference.Page.GetByText("Register an image and get a presigned URL to upload its bytes").First).ToBeVisibleAsync();
        await Assertions.Expect(reference.Page.GetByText(new Regex("Cloud Image Service")).First).ToBeVisibleAsync();
        lock (violations) Assert.Empty(violations);
        Assert.Empty(reference.PageErrors);
    }
}
