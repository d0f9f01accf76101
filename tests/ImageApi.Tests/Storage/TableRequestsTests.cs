using Amazon.DynamoDBv2;
using CloudImageService.Images;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;

namespace ImageApi.Tests.Storage;

public class TableRequestsTests
{
    private readonly Amazon.DynamoDBv2.Model.CreateTableRequest _request = TableRequests.CreateTable("images");

    [Fact]
    public void The_table_is_keyed_by_image_id()
    {
        var key = Assert.Single(_request.KeySchema);
        Assert.Equal(("image_id", KeyType.HASH), (key.AttributeName, key.KeyType));
    }

    [Fact]
    public void Listing_by_user_has_an_index_over_user_id_and_upload_time()
    {
        var index = Assert.Single(_request.GlobalSecondaryIndexes, i => i.IndexName == ImageStoreSchema.UserIndex.Name);
        Assert.Equal(ImageStoreSchema.UserIndex.Name, index.IndexName);
        Assert.Equal(
            [("user_id", KeyType.HASH), ("upload_time", KeyType.RANGE)],
            index.KeySchema.Select(k => (k.AttributeName, k.KeyType)));
        Assert.Equal(ProjectionType.ALL, index.Projection.ProjectionType);
    }

    [Fact]
    public void Abandoned_uploads_are_found_through_a_sparse_index_of_pending_records()
    {
        var index = Assert.Single(_request.GlobalSecondaryIndexes, i => i.IndexName == ImageStoreSchema.PendingIndex.Name);
        Assert.Equal(
            [("pending_partition", KeyType.HASH), ("upload_expires_at", KeyType.RANGE)],
            index.KeySchema.Select(k => (k.AttributeName, k.KeyType)));
    }

    [Fact]
    public void A_table_missing_an_index_gets_it_added_and_a_complete_one_is_left_alone()
    {
        var userIndexOnly = new Amazon.DynamoDBv2.Model.TableDescription
        {
            TableName = "images",
            GlobalSecondaryIndexes = [new() { IndexName = ImageStoreSchema.UserIndex.Name }],
        };
        var update = TableRequests.AddMissingIndex(userIndexOnly);
        Assert.Equal(ImageStoreSchema.PendingIndex.Name, Assert.Single(update!.GlobalSecondaryIndexUpdates).Create.IndexName);
        Assert.Null(update.GlobalSecondaryIndexUpdates[0].Create.ProvisionedThroughput);

        var complete = new Amazon.DynamoDBv2.Model.TableDescription
        {
            TableName = "images",
            GlobalSecondaryIndexes = [.. _request.GlobalSecondaryIndexes.Select(i => new Amazon.DynamoDBv2.Model.GlobalSecondaryIndexDescription { IndexName = i.IndexName })],
        };
        Assert.Null(TableRequests.AddMissingIndex(complete));
    }

    [Fact]
    public void Every_key_attribute_is_defined_once_as_a_string()
    {
        Assert.Equal(
            ["image_id", "pending_partition", "purge_after", "sha256", "taken_time", "trash_partition", "upload_expires_at", "upload_time", "user_id"],
            _request.AttributeDefinitions.Select(a => a.AttributeName).Order());
        Assert.All(_request.AttributeDefinitions, a => Assert.Equal(ScalarAttributeType.S, a.AttributeType));
    }

    [Fact]
    public void Billing_is_on_demand() => Assert.Equal(BillingMode.PAY_PER_REQUEST, _request.BillingMode);

    [Fact]
    public void Object_keys_derive_from_the_image_id_alone() =>
        Assert.Equal("images/abc", ObjectKeys.Original("abc"));
}
