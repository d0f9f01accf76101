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

    /// <summary>On the wire: user, filters, last key, the caller it was issued to and when (Unix seconds).</summary>
    internal sealed record Payload(string? U, string? F, IReadOnlyDictionary<string, string> K, string? C = null, long? T = null);
}

/// <summary>What a cursor sent back is worth for the listing it is sent with.</summary>
public enum CursorCheck
{
    Valid,
    /// <summary>Not ours, edited, or issued for another listing or position.</summary>
    Invalid,
    Expired,
    IssuedToAnotherCaller,
}

/// <summary>
/// Turns cursors into opaque, tamper-proof text: base64url JSON plus an HMAC-SHA256 tag under a configured key, so an
/// edited cursor (say, one pointed at another user's keys) is refused instead of reaching DynamoDB. The store says
/// which positions belong to a listing (<see cref="IImageCatalog.IsListingPosition"/>): a second line of defence behind
/// the tag, which the listing's handler asks. The caller it was issued to and the time it was issued are under the tag too: a cursor serves only its caller, for
/// <paramref name="lifetime"/>.
/// </summary>
public sealed class PageCursorProtector(byte[] key, TimeProvider clock, TimeSpan lifetime)
{
    public TimeSpan Lifetime => lifetime;

    private const int MaxEncodedLength = 2048;
    private const int TagLength = 16;

    /// <summary>The cursor as text, for <paramref name="issuedTo"/> (the caller's subject; null when auth is off) alone.</summary>
    public string Protect(PageCursor cursor, string? issuedTo)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new PageCursor.Payload(cursor.UserId, cursor.FilterFingerprint, cursor.LastKey, issuedTo, clock.GetUtcNow().ToUnixTimeSeconds()),
            CursorJson.Default.Payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(Tag(payload));
    }

    /// <summary>Valid: an authentic cursor of this caller, unexpired, issued for this listing.</summary>
    public CursorCheck Check(string? text, ImageListFilter filter, string? callerId, out PageCursor? cursor)
    {
        if (!TryUnprotect(text, out cursor, out var payload)) return CursorCheck.Invalid;
        if (payload.T is not { } issuedAt || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issuedAt) > lifetime)
            return Refuse(CursorCheck.Expired, out cursor);
        if (payload.C != callerId) return Refuse(CursorCheck.IssuedToAnotherCaller, out cursor);
        return cursor!.FitsListing(filter) ? CursorCheck.Valid : Refuse(CursorCheck.Invalid, out cursor);
    }

    /// <summary>An authentic, well-formed cursor, whoever it was issued to and whenever.</summary>
    public bool TryUnprotect(string? text, out PageCursor? cursor) => TryUnprotect(text, out cursor, out _);

    private static CursorCheck Refuse(CursorCheck verdict, out PageCursor? cursor)
    {
        cursor = null;
        return verdict;
    }

    private bool TryUnprotect(string? text, out PageCursor? cursor, out PageCursor.Payload decoded)
    {
        cursor = null;
        decoded = null!;
        if (string.IsNullOrEmpty(text) || text.Length > MaxEncodedLength) return false;
        var dot = text.IndexOf('.');
        if (dot <= 0) return false;
        try
        {
            var payload = Base64Url.DecodeFromChars(text.AsSpan(0, dot));
            var tag = Base64Url.DecodeFromChars(text.AsSpan(dot + 1));
            if (!CryptographicOperations.FixedTimeEquals(tag, Tag(payload))) return false;

            if (JsonSerializer.Deserialize(payload, CursorJson.Default.Payload) is not { K: { Count: > 0 } lastKey, F: { } filters } authentic
                || lastKey.Values.Any(string.IsNullOrEmpty)) return false;
            cursor = new PageCursor(authentic.U, filters, lastKey);
            decoded = authentic;
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
