using System.Buffers.Text;
using System.Security.Cryptography;

namespace CloudImageService.Shares;

/// <summary>
/// The secret of a link: 32 random bytes (256 bits) as unpadded base64url, 43 characters. Only its SHA-256 is stored;
/// that hash is the link's id, so the store finds a link by hashing what the visitor presents.
/// </summary>
public static class ShareToken
{
    public const int Length = 43;
    private const int SecretBytes = 32;

    /// <summary>A new token and the id it hashes to.</summary>
    public static (string Token, string Id) New()
    {
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        var token = Base64Url.EncodeToString(secret);
        return (token, Base64Url.EncodeToString(SHA256.HashData(secret)));
    }

    /// <summary>
    /// The id a well-formed token hashes to; null for anything else (wrong length, a character outside base64url,
    /// non-canonical trailing bits), decided before any hashing or storage read.
    /// </summary>
    public static string? IdOf(string? token)
    {
        if (token is not { Length: Length } || !IsCanonical(token)) return null;
        Span<byte> secret = stackalloc byte[SecretBytes];
        if (!Base64Url.TryDecodeFromChars(token, secret, out var written) || written != SecretBytes) return null;
        return Base64Url.EncodeToString(SHA256.HashData(secret));
    }

    // 43 characters carry 258 bits: the last character's two low bits must be zero, or no 32 bytes encode to it (the
    // decoder throws on those rather than answering false).
    private static bool IsCanonical(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && "AEIMQUYcgkosw048".Contains(text[^1], StringComparison.Ordinal);

    /// <summary>Is <paramref name="id"/> the shape of an id (a SHA-256 as unpadded base64url)?</summary>
    public static bool IsId(string? id) => id is { Length: Length } && IsCanonical(id);
}
