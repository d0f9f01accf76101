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

    /// <summary>A SHA-256 in hex, either case (stored in lowercase).</summary>
    public static bool IsSha256Hex(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigit);

    /// <summary>A SHA-256 in base64, as <c>x-amz-checksum-sha256</c> carries it.</summary>
    public static bool IsSha256Base64(string? value)
    {
        Span<byte> digest = stackalloc byte[33];
        return value is { Length: 44 } && Convert.TryFromBase64String(value, digest, out var written) && written == 32;
    }

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
