using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CloudImageService.Storage;

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
            AttributeDefinitions = [.. table.KeyAttributes.Select(a => new AttributeDefinition(a.Name, TypeOf(a)))],
            KeySchema = [new KeySchemaElement(table.PartitionKey.Name, KeyType.HASH)],
            GlobalSecondaryIndexes = [.. table.GlobalSecondaryIndexes.Select(index => new GlobalSecondaryIndex
            {
                IndexName = index.Name,
                KeySchema = KeySchemaOf(index),
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            })],
        };
    }

    private static List<KeySchemaElement> KeySchemaOf(IndexDefinition index) => index.SortKey is { } sortKey
        ? [new(index.PartitionKey.Name, KeyType.HASH), new(sortKey.Name, KeyType.RANGE)]
        : [new(index.PartitionKey.Name, KeyType.HASH)];

    private static ScalarAttributeType TypeOf(KeyAttribute attribute) => attribute.Type switch
    {
        KeyAttributeType.Number => ScalarAttributeType.N,
        _ => ScalarAttributeType.S,
    };
}
