using System.Security.Cryptography;
using CloudImageService.Http;
using CloudImageService.Images;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Images;

/// <summary>A cursor serves the caller it was issued to, for the configured lifetime, and says which rule refused it.</summary>
public class CursorExpiryTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private static readonly ImageListFilter AliceListing = new("alice", null, null, null);
    private static readonly Dictionary<string, string> LastKey = new()
    {
        ["image_id"] = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e",
        ["user_id"] = "alice",
        ["upload_time"] = "2024-05-01T10:00:00.000000Z",
    };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly PageCursorProtector _cursors;

    public CursorExpiryTests() =>
        _cursors = new PageCursorProtector(RandomNumberGenerator.GetBytes(32), _clock, Lifetime);

    private string AlicesCursor() => _cursors.Protect(new PageCursor(AliceListing, LastKey), issuedTo: "alice");

    [Fact]
    public void A_cursor_serves_its_caller_until_its_lifetime_is_over()
    {
        var cursor = AlicesCursor();

        _clock.Advance(Lifetime);
        Assert.Equal(CursorCheck.Valid, _cursors.Check(cursor, AliceListing, "alice", out var decoded));
        Assert.Equal(LastKey, decoded!.LastKey);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CursorCheck.Expired, _cursors.Check(cursor, AliceListing, "alice", out decoded));
        Assert.Null(decoded);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData(null)]
    public void A_cursor_does_not_serve_another_caller(string? otherCaller)
    {
        var cursor = AlicesCursor();

        Assert.Equal(CursorCheck.IssuedToAnotherCaller, _cursors.Check(cursor, AliceListing, otherCaller, out var decoded));
        Assert.Null(decoded);
    }

    [Fact]
    public void The_issue_time_and_caller_are_under_the_tag()
    {
        var cursor = AlicesCursor();
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor.Split('.')[0]));
        var reissued = payload.Replace("\"C\":\"alice\"", "\"C\":\"admin\"").Replace($"\"T\":{_clock.GetUtcNow().ToUnixTimeSeconds()}", "\"T\":4102444800");
        Assert.NotEqual(payload, reissued);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(reissued)) + "." + cursor.Split('.')[1];

        Assert.Equal(CursorCheck.Invalid, _cursors.Check(forged, AliceListing, "admin", out _));
    }

    [Fact]
    public void A_cursor_without_an_issue_time_counts_as_expired()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var payload = """{"U":"alice","F":"{{F}}","K":{"image_id":"3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e","user_id":"alice","upload_time":"2024-05-01T10:00:00.000000Z"}}"""
            .Replace("{{F}}", AliceListing.Fingerprint());
        var bytes = System.Text.Encoding.UTF8.GetBytes(payload);
        var issuedBeforeExpiry = System.Buffers.Text.Base64Url.EncodeToString(bytes) + "." + System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, bytes).AsSpan(0, 16));
        var cursors = new PageCursorProtector(key, _clock, Lifetime);

        Assert.Equal(CursorCheck.Expired, cursors.Check(issuedBeforeExpiry, AliceListing, null, out _));
    }

    [Fact]
    public void The_listing_names_the_reason_a_cursor_was_refused()
    {
        var cursor = AlicesCursor();
        var query = new ListImagesQuery("alice", null, null, null, null, cursor, ThumbnailSize: null);

        Assert.False(query.TryParse(TestOptions.Images(), _cursors, new InMemoryImageCatalog(new InMemoryImageStore()), "bob", out _, out var errors));
        Assert.Contains("another caller", errors["cursor"][0]);

        _clock.Advance(Lifetime + TimeSpan.FromMinutes(1));
        Assert.False(query.TryParse(TestOptions.Images(), _cursors, new InMemoryImageCatalog(new InMemoryImageStore()), "alice", out _, out errors));
        Assert.Contains("expired", errors["cursor"][0]);
    }
}
