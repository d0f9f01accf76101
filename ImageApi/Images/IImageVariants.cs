namespace CloudImageService.Images;

/// <summary>The thumbnails an available image's record names, replaced when the recipe that makes them changes.</summary>
public interface IImageVariants
{
    /// <summary>
    /// An available image's thumbnails, recipe and placeholder, replaced only while it is available and still names
    /// <paramref name="oldRecipe"/> (absent for images made before recipes). Null when it changed meanwhile.
    /// </summary>
    Task<ImageRecord?> ReplaceVariantsAsync(
        string imageId, string? oldRecipe, IReadOnlyList<int> sizes, string recipe, string placeholder, CancellationToken cancellationToken);
}
