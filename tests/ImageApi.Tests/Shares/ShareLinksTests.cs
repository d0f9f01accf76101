using CloudImageService.Images;
using CloudImageService.Shares;
using ImageApi.Tests.Images;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Shares;

/// <summary>Tokens, expiry, revocation and what a link shows, on fake time over the in-memory stores.</summary>
public sealed class ShareLinksTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryImageStore _images = new();
    private readonly InMemoryShareStore _shares = new();
    private readonly ShareLinks _links;

    public ShareLinksTests() =>
        _links = new ShareLinks(_shares, new InMemoryImageCatalog(_images), Options.Create(new ShareOptions()), _clock);

    private ImageRecord Image(string owner = "alice", string status = ImageStatus.Available)
    {
        var id = Guid.NewGuid().ToString();
        var record = new ImageRecord(id, owner, "image/png", [], null, _clock.GetUtcNow().UtcDateTime, status, ObjectKeys.Original(id))
        {
            ThumbnailSizes = [256, 1024],
        };
        _images.Add(record);
        return record;
    }

    private async Task<ShareCreation.Created> CreateAsync(params ImageRecord[] images) =>
        Assert.IsType<ShareCreation.Created>(await _links.CreateAsync("alice", [.. images.Select(i => i.ImageId)], "Holiday", null, false, default));

    [Fact]
    public void A_token_is_256_random_bits_in_43_url_safe_characters_and_its_id_is_its_sha256()
    {
        var (token, id) = ShareToken.New();
        var (other, _) = ShareToken.New();

        Assert.Equal(ShareToken.Length, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.NotEqual(token, other);
        Assert.Equal(id, ShareToken.IdOf(token));
        Assert.NotEqual(token, id);
        Assert.True(ShareToken.IsId(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 44 characters
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")] // base64, not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")] // trailing bits that no 32 bytes encode to
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA A")]
    public void A_malformed_token_has_no_id_so_it_is_refused_before_any_storage_read(string? token) =>
        Assert.Null(ShareToken.IdOf(token));

    [Fact]
    public async Task A_new_link_expires_after_the_default_lifetime_and_stores_only_the_tokens_hash()
    {
        var created = await CreateAsync(Image(), Image());

        var stored = Assert.Single(_shares.Shares);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime + TimeSpan.FromDays(7), stored.ExpiresAt);
        Assert.Equal(ShareToken.IdOf(created.Token), stored.Id);
        Assert.DoesNotContain(created.Token, stored.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expiry_in_the_past_or_beyond_the_maximum_lifetime_is_refused()
    {
        var image = Image();
        var now = _clock.GetUtcNow().UtcDateTime;

        var past = await _links.CreateAsync("alice", [image.ImageId], null, now.AddSeconds(-1), false, default);
        var tooFar = await _links.CreateAsync("alice", [image.ImageId], null, now + TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1), false, default);
        var longest = await _links.CreateAsync("alice", [image.ImageId], null, now + TimeSpan.FromDays(30), false, default);

        Assert.Contains("expires_at", Assert.IsType<ShareCreation.Refused>(past).Errors.Keys);
        Assert.Contains("expires_at", Assert.IsType<ShareCreation.Refused>(tooFar).Errors.Keys);
        Assert.IsType<ShareCreation.Created>(longest);
    }

    [Fact]
    public async Task Another_users_image_an_unknown_id_and_a_trashed_image_are_refused_alike()
    {
        var foreign = Image(owner: "bob");
        var trashed = Image(status: ImageStatus.Trashed);
        var unknown = Guid.NewGuid().ToString();

        foreach (var id in new[] { foreign.ImageId, trashed.ImageId, unknown })
        {
            var refused = Assert.IsType<ShareCreation.Refused>(await _links.CreateAsync("alice", [id], null, null, false, default));
            Assert.Equal($"Not among your available images: {id}.", Assert.Single(refused.Errors["image_ids"]));
        }
        Assert.Empty(_shares.Shares);
    }

    [Fact]
    public async Task More_images_than_the_limit_are_refused_without_reading_one()
    {
        var ids = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid().ToString()).ToArray();

        var refused = Assert.IsType<ShareCreation.Refused>(await _links.CreateAsync("alice", ids, null, null, false, default));

        Assert.Equal("A link holds at most 100 images.", Assert.Single(refused.Errors["image_ids"]));
    }

    [Fact]
    public async Task A_link_works_until_the_instant_it_expires_and_is_ended_from_then_on()
    {
        var created = await CreateAsync(Image());

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromTicks(1));
        Assert.IsType<ShareVisit.Open>(await _links.OpenAsync(created.Token, default));
        _clock.Advance(TimeSpan.FromTicks(1));
        var ended = Assert.IsType<ShareVisit.Ended>(await _links.OpenAsync(created.Token, default));
        Assert.Equal(ShareState.Expired, ended.State);
        Assert.Empty(await _links.ListActiveAsync("alice", default));
    }

    [Fact]
    public async Task A_revoked_link_is_ended_at_once_and_only_its_owner_can_revoke_it()
    {
        var created = await CreateAsync(Image());

        Assert.False(await _links.RevokeAsync(created.Share.Id, "bob", default));
        Assert.True(await _links.RevokeAsync(created.Share.Id, "alice", default));
        Assert.False(await _links.RevokeAsync(created.Share.Id, "alice", default));

        var ended = Assert.IsType<ShareVisit.Ended>(await _links.OpenAsync(created.Token, default));
        Assert.Equal(ShareState.Revoked, ended.State);
    }

    [Fact]
    public async Task A_trashed_image_leaves_the_link_at_once_and_comes_back_when_restored()
    {
        var kept = Image();
        var trashed = Image();
        var created = await CreateAsync(kept, trashed);

        _images.Add(trashed with { Status = ImageStatus.Trashed });
        var open = Assert.IsType<ShareVisit.Open>(await _links.OpenAsync(created.Token, default));
        Assert.Equal([kept.ImageId], open.Images.Select(image => image.ImageId));

        _images.Add(trashed);
        open = Assert.IsType<ShareVisit.Open>(await _links.OpenAsync(created.Token, default));
        Assert.Equal([kept.ImageId, trashed.ImageId], open.Images.Select(image => image.ImageId));
    }

    [Fact]
    public async Task An_unknown_well_formed_token_is_not_found()
    {
        var (token, _) = ShareToken.New();

        Assert.IsType<ShareVisit.NotFound>(await _links.OpenAsync(token, default));
    }
}
