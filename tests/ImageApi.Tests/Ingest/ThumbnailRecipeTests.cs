using CloudImageService.Images;
using CloudImageService.Ingest;


namespace ImageApi.Tests.Ingest;

/// <summary>The recipe in every thumbnail's key: the same settings always name the same keys, a changed one new keys.</summary>
public sealed class ThumbnailRecipeTests
{
    [Fact]
    public void The_same_settings_give_the_same_recipe_and_keys()
    {
        var recipe = ThumbnailRecipe.Of(new IngestOptions());

        Assert.Matches("^[0-9a-f]{8}$", recipe);
        Assert.Equal(recipe, ThumbnailRecipe.Of(new IngestOptions()));
        Assert.Equal($"thumbnails/abc/256-{recipe}.webp", ObjectKeys.Thumbnail("abc", 256, recipe));
    }

    [Fact]
    public void A_changed_quality_is_a_new_recipe_so_thumbnails_get_new_keys_instead_of_new_bytes_under_old_ones()
    {
        var before = ThumbnailRecipe.Of(new IngestOptions { ThumbnailQuality = 80 });
        var after = ThumbnailRecipe.Of(new IngestOptions { ThumbnailQuality = 70 });

        Assert.NotEqual(before, after);
        Assert.NotEqual(ObjectKeys.Thumbnail("abc", 256, before), ObjectKeys.Thumbnail("abc", 256, after));
    }
}
