using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using CloudImageService.Storage.Schema;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace CloudImageService.Infra;

/// <param name="TableName">Null: CloudFormation names the table.</param>
/// <param name="IndexCount">The first this many of the schema's indexes; null: all (see <see cref="StackContext.ParseTableIndexes"/>).</param>
public sealed record ImageTableProps(RemovalPolicy RemovalPolicy, string? TableName = null, int? IndexCount = null);

/// <summary>
/// The metadata table, built from <see cref="ImageStoreSchema.Table"/> exactly as the runtime builds it, with
/// point-in-time recovery and, unless the deployment is to be destroyed, deletion protection.
/// </summary>
public sealed class ImageTable : Construct
{
    public ImageTable(Construct scope, string id, ImageTableProps props) : base(scope, id)
    {
        var schema = ImageStoreSchema.Table;
        Table = new Table(this, StableIds.MainResource, new TableProps
        {
            TableName = props.TableName,
            PartitionKey = AttributeOf(schema.PartitionKey),
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            // A stack that is to be destroyed must be able to delete its table.
            DeletionProtection = props.RemovalPolicy != RemovalPolicy.DESTROY,
            TimeToLiveAttribute = schema.TimeToLiveAttribute,
            RemovalPolicy = props.RemovalPolicy,
        });

        foreach (var index in schema.GlobalSecondaryIndexes.Take(props.IndexCount ?? schema.GlobalSecondaryIndexes.Count))
        {
            Table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index.Name,
                PartitionKey = AttributeOf(index.PartitionKey),
                SortKey = index.SortKey is { } sortKey ? AttributeOf(sortKey) : null,
                ProjectionType = ProjectionType.ALL,
            });
        }
    }

    public Table Table { get; }

    private static Attribute AttributeOf(KeyAttribute key) => new()
    {
        Name = key.Name,
        Type = AttributeType.STRING,
    };
}
