namespace Gallery.Tests;

/// <summary>The page's ThumbHash decoder (wwwroot/js/thumbhash.js) against the reference's own output.</summary>
[Collection(OpenGalleryCollection.Name)]
public sealed class ThumbHashTests(OpenGalleryFixture service) : PageTests(service)
{
    // Hashes of gradients (one with alpha) and the size and SHA-256 of the RGBA that npm thumbhash@0.1.1's
    // thumbHashToRGBA decodes them to.
    [Theory]
    [InlineData("3wcKNZpwd3dwiIeHeHd3d4CACPiI", "32 23 774eae087d5837f875bb0a27d686aa15d66cc75b214b2cba1a8bb470b3001a30")]
    [InlineData("3/cJNBpwB4eHeHeHd3eAgAf3eA==", "18 32 77867c8a1238cdcdcd30445c348bc90203b3c8f645f84e5809ac64c7fa1fe827")]
    [InlineData("IAiGHQwHgIeAiIh4iICACPh3ICFAVVIVJQ==", "32 32 5329bdb310f3107ee2a8ccf918614bc18706a66ab4f06bda99419f317a7c5f9b")]
    public async Task The_page_decodes_a_thumbhash_to_the_same_pixels_as_the_reference(string hash, string expected)
    {
        await Gallery.GotoAsync();
        var decoded = await Gallery.Page.EvaluateAsync<string>("""
            async base64 => {
              const { thumbHashToRGBA } = await import('/js/thumbhash.js');
              const { w, h, rgba } = thumbHashToRGBA(Uint8Array.from(atob(base64), c => c.charCodeAt(0)));
              const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', rgba));
              return `${w} ${h} ${[...digest].map(b => b.toString(16).padStart(2, '0')).join('')}`;
            }
            """, hash);
        Assert.Equal(expected, decoded);
    }
}
