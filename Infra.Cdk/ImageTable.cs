using Amazon.CDK.AWS.DynamoDB;
using CloudImageService.Storage;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace CloudImageService.Infra;

/// <summary>The metadata table, built from <see cref="ImageStoreSchema.Table"/> exactly as the runtime builds it.</summary>
public static class ImageTable
{
    public static Table Create(Construct scope, string id, StackContext context)
    {
        var schema = ImageStoreSchema.Table;
        var table = new Table(scope, id, new TableProps
        {
            TableName = context.TableName,
            PartitionKey = AttributeOf(schema.PartitionKey),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            TimeToLiveAttribute = schema.TimeToLiveAttribute,
            RemovalPolicy = context.RemovalPolicy,
        });

        foreach (var index in schema.GlobalSecondaryIndexes)
        {
            table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index.Name,
                PartitionKey = AttributeOf(index.PartitionKey),
                SortKey = index.SortKey is { } sortKey ? AttributeOf(sortKey) : null,
                ProjectionType = ProjectionType.ALL,
            });
        }

        return table;
    }

    private static Attribute AttributeOf(KeyAttribute key) => new()
    {
        Name = key.Name,
        Type = AttributeType.STRING,
    };
}
