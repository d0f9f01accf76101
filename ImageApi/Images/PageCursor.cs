using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace CloudImageService.Images;

/// <summary>Position in a listing: the key of the last item returned, tied to the filters it was issued for.</summary>
public sealed record PageCursor(string? UserId, string FilterFingerprint, IReadOnlyDictionary<string, string> LastKey)
{
    public PageCursor(ImageListFilter filter, IReadOnlyDictionary<string, string> lastKey)
        : this(filter.UserId, filter.Fingerprint(), lastKey)
    {
    }

    /// <summary>Issued for this listing: same user and filters.</summary>
    public bool FitsListing(ImageListFilter filter) => UserId == filter.UserId && FilterFingerprint == filter.Fingerprint();

    internal sealed record Payload(string? U, string? F, IReadOnlyDictionary<string, string> K);
}

/// <summary>
/// Turns cursors into opaque, tamper-proof text: base64url JSON plus an HMAC-SHA256 tag under a configured key, so an
/// edited cursor (say, one pointed at another user's keys) is refused instead of reaching DynamoDB. The store says
/// which positions belong to a listing (<paramref name="isListingPosition"/>): a second line of defence behind the tag.
/// </summary>
public sealed class PageCursorProtector(byte[] key, Func<ImageListFilter, IReadOnlyDictionary<string, string>, bool> isListingPosition)
{
    private const int MaxEncodedLength = 2048;
    private const int TagLength = 16;

    public string Protect(PageCursor cursor)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new PageCursor.Payload(cursor.UserId, cursor.FilterFingerprint, cursor.LastKey), CursorJson.Default.Payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Tag(payload));
    }

    /// <summary>An authentic cursor, issued for this listing, at a position the store returns for it.</summary>
    public bool TryUnprotectFor(string? text, ImageListFilter filter, out PageCursor? cursor) =>
        TryUnprotect(text, out cursor) && cursor!.FitsListing(filter) && isListingPosition(filter, cursor.LastKey);

    public bool TryUnprotect(string? text, out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxEncodedLength) return false;
        var dot = text.IndexOf('.');
        if (dot <= 0) return false;
        try
        {
            var payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            var tag = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
            if (!CryptographicOperations.FixedTimeEquals(tag, Tag(payload))) return false;

            var decoded = JsonSerializer.Deserialize(payload, CursorJson.Default.Payload);
            if (decoded?.K is not { Count: > 0 } lastKey || lastKey.Values.Any(string.IsNullOrEmpty) || decoded.F is null) return false;
            cursor = new PageCursor(decoded.U, decoded.F, lastKey);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return false;
        }
    }

    private byte[] Tag(byte[] payload) => HMACSHA256.HashData(key, payload)[..TagLength];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(PageCursor.Payload))]
internal sealed partial class CursorJson : System.Text.Json.Serialization.JsonSerializerContext;
