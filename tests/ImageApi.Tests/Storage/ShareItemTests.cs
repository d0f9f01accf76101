using CloudImageService.Shares;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;

namespace ImageApi.Tests.Storage;

/// <summary>A link as a table item: keyed by its hash, out of every image index, back as it was.</summary>
public sealed class ShareItemTests
{
    private static readonly DateTime Created = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Share Link(string? title = "Trip") =>
        new(ShareToken.New().Id, "alice", [Guid.NewGuid().ToString(), Guid.NewGuid().ToString()], title, Created, Created.AddDays(7), AllowOriginal: true);

    [Fact]
    public void A_link_round_trips_through_its_item()
    {
        var share = Link() with { RevokedAt = Created.AddDays(1) };

        var back = ShareRepository.FromItem(ShareRepository.ToItem(share, Created.AddDays(37)));

        Assert.Equal(share with { ImageIds = back.ImageIds }, back);
        Assert.Equal(share.ImageIds, back.ImageIds);
        Assert.Null(ShareRepository.FromItem(ShareRepository.ToItem(Link(title: null), Created)).Title);
    }

    [Fact]
    public void A_link_item_is_keyed_by_a_prefix_no_image_id_has_and_carries_no_attribute_of_an_image_index_but_its_own()
    {
        var share = Link();

        var item = ShareRepository.ToItem(share, Created.AddDays(37));

        Assert.Equal("share#" + share.Id, item[ImageStoreSchema.ImageId].S);
        Assert.Equal("share", item[ImageAttributes.Status].S);
        var indexed = ImageStoreSchema.Table.GlobalSecondaryIndexes
            .Where(index => item.ContainsKey(index.PartitionKey.Name))
            .Select(index => index.Name);
        Assert.Equal([ImageStoreSchema.ShareOwnerIndex.Name], indexed);
        Assert.Equal(new DateTimeOffset(Created.AddDays(37)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            item[ImageStoreSchema.PurgeAt].N);
    }
}
