using System.Buffers.Text;
using System.Text.Json;
using CloudImageService.Storage;

namespace CloudImageService.Images;

/// <summary>
/// Opaque position in a listing: the key of the last item returned, encoded as base64url JSON. A cursor is tied to
/// the user it was issued for, so it cannot be replayed against another user's listing.
/// </summary>
public sealed record PageCursor(string? UserId, IReadOnlyDictionary<string, string> LastKey)
{
    private const int MaxEncodedLength = 2048;

    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(UserId, LastKey), CursorJson.Default.Payload));

    /// <summary>Issued for this listing: same user, and the key shape DynamoDB returns for it.</summary>
    public bool FitsListing(string? userId) =>
        UserId == userId
        && ImageStoreSchema.PageKeyAttributes(byUser: userId is not null).SetEquals(LastKey.Keys)
        && (userId is null || LastKey[ImageStoreSchema.UserId] == userId);

    public static bool TryDecode(string? encoded, out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(encoded) || encoded.Length > MaxEncodedLength) return false;
        try
        {
            var payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(encoded), CursorJson.Default.Payload);
            if (payload?.K is not { Count: > 0 } key || key.Values.Any(string.IsNullOrEmpty)) return false;
            cursor = new PageCursor(payload.U, key);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return false;
        }
    }

    internal sealed record Payload(string? U, IReadOnlyDictionary<string, string> K);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(PageCursor.Payload))]
internal sealed partial class CursorJson : System.Text.Json.Serialization.JsonSerializerContext;
