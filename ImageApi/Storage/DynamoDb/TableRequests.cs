using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Storage.DynamoDb;

/// <summary>Turns <see cref="ImageStoreSchema.Table"/> into DynamoDB API requests.</summary>
public static class TableRequests
{
    public static CreateTableRequest CreateTable(string tableName)
    {
        var table = ImageStoreSchema.Table;
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [.. table.KeyAttributes.Select(a => new AttributeDefinition(a.Name, ScalarAttributeType.S))],
            KeySchema = [new KeySchemaElement(table.PartitionKey.Name, KeyType.HASH)],
            GlobalSecondaryIndexes = [.. table.GlobalSecondaryIndexes.Select(index => new GlobalSecondaryIndex
            {
                IndexName = index.Name,
                KeySchema = KeySchemaOf(index),
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            })],
        };
    }

    /// <summary>An UpdateTable that creates the first schema index the table lacks; null when it has them all.</summary>
    /// <param name="table">The table as described by DynamoDB.</param>
    /// <param name="withThroughput">dynalite insists on a throughput even for on-demand tables, which DynamoDB refuses.</param>
    public static UpdateTableRequest? AddMissingIndex(TableDescription table, bool withThroughput = false)
    {
        var present = (table.GlobalSecondaryIndexes ?? []).Select(index => index.IndexName).ToHashSet();
        if (ImageStoreSchema.Table.GlobalSecondaryIndexes.FirstOrDefault(index => !present.Contains(index.Name)) is not { } missing)
            return null;

        var create = CreateTable(table.TableName);
        return new UpdateTableRequest
        {
            TableName = table.TableName,
            AttributeDefinitions = create.AttributeDefinitions,
            GlobalSecondaryIndexUpdates =
            [
                new GlobalSecondaryIndexUpdate
                {
                    Create = new CreateGlobalSecondaryIndexAction
                    {
                        IndexName = missing.Name,
                        KeySchema = KeySchemaOf(missing),
                        Projection = new Projection { ProjectionType = ProjectionType.ALL },
                        ProvisionedThroughput = withThroughput ? new ProvisionedThroughput(5, 5) : null,
                    },
                },
            ],
        };
    }

    private static List<KeySchemaElement> KeySchemaOf(IndexDefinition index) => index.SortKey is { } sortKey
        ? [new(index.PartitionKey.Name, KeyType.HASH), new(sortKey.Name, KeyType.RANGE)]
        : [new(index.PartitionKey.Name, KeyType.HASH)];

}
