namespace CloudImageService.Images;

/// <summary>Rules shared by every endpoint that takes ids and short texts from a client.</summary>
public static class InputRules
{
    public static string? CheckUserId(string? userId, int maxLength, bool required)
    {
        if (userId is null) return required ? "user_id is required." : null;
        return CheckText(userId, "user_id", maxLength);
    }

    public static string? CheckText(string? value, string name, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return $"{name} must not be empty.";
        if (value.Length > maxLength) return $"{name} is limited to {maxLength} characters.";
        if (value.Any(char.IsControl)) return $"{name} must not contain control characters.";
        if (value.Any(char.IsSurrogate) && !HasOnlyPairedSurrogates(value)) return $"{name} is not valid Unicode.";
        return null;
    }

    /// <summary>Image ids are UUIDs; anything else cannot name an image.</summary>
    public static bool IsImageId(string? imageId) =>
        imageId is { Length: 36 } && Guid.TryParseExact(imageId, "D", out _);

    private static bool HasOnlyPairedSurrogates(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }
}
