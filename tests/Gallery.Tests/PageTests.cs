namespace Gallery.Tests;

/// <summary>A fresh page per test; a test fails when the page threw a script error, whatever it asserted.</summary>
public abstract class PageTests(GalleryFixture service) : IAsyncLifetime
{
    protected GalleryPage Gallery { get; private set; } = null!;

    public async Task InitializeAsync() => Gallery = await service.OpenPageAsync();

    public async Task DisposeAsync()
    {
        var errors = Gallery.PageErrors.ToList();
        await Gallery.DisposeAsync();
        Assert.Empty(errors);
    }
}
