extern alias ImageApi;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Storage.Schema;
using TableRequests = ImageApi::CloudImageService.Storage.DynamoDb.TableRequests;

namespace CloudImageService.Infra.Tests;

public class TableTests(SynthesizedStack stack) : IClassFixture<SynthesizedStack>
{
    private const string Table = "AWS::DynamoDB::Table";

    /// <summary>What the runtime initializer sends to DynamoDB in the local modes: the CDK table must be the same.</summary>
    private static readonly CreateTableRequest Runtime = TableRequests.CreateTable("x");

    private JsonElement Properties => stack.Properties(Table);

    [Fact]
    public void Key_schema_is_the_runtime_key_schema() =>
        Assert.Equal(KeySchema(Runtime.KeySchema), KeySchema(Properties.GetProperty("KeySchema")));

    [Fact]
    public void Attribute_definitions_are_the_runtime_attribute_definitions() =>
        Assert.Equal(
            Runtime.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}").Order(),
            Properties.GetProperty("AttributeDefinitions").EnumerateArray()
                .Select(a => $"{a.GetProperty("AttributeName").GetString()}:{a.GetProperty("AttributeType").GetString()}")
                .Order());

    [Fact]
    public void Global_secondary_indexes_are_the_runtime_indexes()
    {
        var expected = Runtime.GlobalSecondaryIndexes
            .Select(index => $"{index.IndexName} {KeySchema(index.KeySchema)} {index.Projection.ProjectionType.Value}")
            .Order();
        var actual = Properties.GetProperty("GlobalSecondaryIndexes").EnumerateArray()
            .Select(index => $"{index.GetProperty("IndexName").GetString()} {KeySchema(index.GetProperty("KeySchema"))} "
                + index.GetProperty("Projection").GetProperty("ProjectionType").GetString())
            .Order();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Lists_by_user_through_the_schema_index()
    {
        var index = Assert.Single(Properties.GetProperty("GlobalSecondaryIndexes").EnumerateArray(),
            index => index.GetProperty("IndexName").GetString() == "user_id-upload_time-index");

        Assert.Equal(ImageStoreSchema.UserIndex.Name, index.GetProperty("IndexName").GetString());
        Assert.Equal("ALL", index.GetProperty("Projection").GetProperty("ProjectionType").GetString());
        Assert.Equal($"{ImageStoreSchema.UserId}:HASH,{ImageStoreSchema.UploadTime}:RANGE",
            KeySchema(index.GetProperty("KeySchema")));
        Assert.Equal($"{ImageStoreSchema.ImageId}:HASH", KeySchema(Properties.GetProperty("KeySchema")));
    }

    [Fact]
    public void Time_to_live_is_set_only_when_the_schema_defines_it()
    {
        var hasTtl = Properties.TryGetProperty("TimeToLiveSpecification", out var ttl);

        Assert.Equal(ImageStoreSchema.Table.TimeToLiveAttribute is not null, hasTtl);
        if (hasTtl)
        {
            Assert.True(ttl.GetProperty("Enabled").GetBoolean());
            Assert.Equal(ImageStoreSchema.Table.TimeToLiveAttribute, ttl.GetProperty("AttributeName").GetString());
        }
    }

    [Fact]
    public void Bills_on_demand_like_the_runtime_table()
    {
        Assert.Equal("PAY_PER_REQUEST", Properties.GetProperty("BillingMode").GetString());
        Assert.Equal(Runtime.BillingMode.Value, Properties.GetProperty("BillingMode").GetString());
        Assert.False(Properties.TryGetProperty("ProvisionedThroughput", out _));
    }

    [Fact]
    public void Point_in_time_recovery_is_enabled() =>
        Assert.True(Properties.GetProperty("PointInTimeRecoverySpecification")
            .GetProperty("PointInTimeRecoveryEnabled").GetBoolean());

    [Fact]
    public void By_default_is_protected_from_deletion() =>
        Assert.True(Properties.GetProperty("DeletionProtectionEnabled").GetBoolean());

    [Fact]
    public void By_default_is_retained_and_named_by_CloudFormation()
    {
        var (_, table) = stack.Single(Table);

        Assert.Equal("Retain", table.GetProperty("DeletionPolicy").GetString());
        Assert.False(table.GetProperty("Properties").TryGetProperty("TableName", out _));
    }

    private static string KeySchema(IEnumerable<KeySchemaElement> keys) =>
        string.Join(',', keys.Select(key => $"{key.AttributeName}:{key.KeyType.Value}"));

    private static string KeySchema(JsonElement keys) =>
        string.Join(',', keys.EnumerateArray()
            .Select(key => $"{key.GetProperty("AttributeName").GetString()}:{key.GetProperty("KeyType").GetString()}"));
}
