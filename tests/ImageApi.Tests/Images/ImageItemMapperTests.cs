using Amazon.DynamoDBv2.Model;
using CloudImageService.Images;
using CloudImageService.Storage.DynamoDb;

namespace ImageApi.Tests.Images;

public class ImageItemMapperTests
{
    private static readonly ImageRecord Record = new(
        "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e", "alice", "image/png", ["beach", "sun"], "Sunset",
        new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560), ImageStatus.Pending,
        "images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e");

    [Fact]
    public void A_record_survives_a_round_trip() =>
        Assert.Equivalent(Record, ImageItemMapper.FromItem(ImageItemMapper.ToItem(Record)), strict: true);

    [Fact]
    public void Upload_times_are_fixed_width_so_string_order_is_time_order()
    {
        var early = ImageItemMapper.FormatTime(new DateTime(2024, 5, 1, 9, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990));
        var late = ImageItemMapper.FormatTime(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));

        Assert.Equal("2024-05-01T10:00:00.000000Z", late);
        Assert.Equal(early.Length, late.Length);
        Assert.True(string.CompareOrdinal(early, late) < 0);
    }

    [Fact]
    public void A_missing_description_is_not_stored_as_an_attribute() =>
        Assert.DoesNotContain("description", ImageItemMapper.ToItem(Record with { Description = null }).Keys);

    [Fact]
    public void Records_of_the_original_service_with_a_string_set_of_tags_are_read()
    {
        var item = ImageItemMapper.ToItem(Record);
        item["tags"] = new AttributeValue { SS = ["legacy"] };
        item.Remove("status");
        item.Remove("object_key");

        var record = ImageItemMapper.FromItem(item);

        Assert.Equal(["legacy"], record.Tags);
        Assert.Equal(ImageStatus.Pending, record.Status);
        Assert.Equal("images/" + Record.ImageId, record.ObjectKey);
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00.123456Z")]
    [InlineData("2024-05-01T10:00:00.123456")]
    [InlineData("2024-05-01T10:00:00.123456+00:00")]
    [InlineData("2024-05-01T12:00:00.123456+02:00")]
    public void Upload_times_in_the_original_services_ISO_8601_variants_are_read_as_UTC(string stored)
    {
        var item = ImageItemMapper.ToItem(Record);
        item["upload_time"] = new AttributeValue { S = stored };

        var time = ImageItemMapper.FromItem(item).UploadTime;

        Assert.Equal(DateTimeKind.Utc, time.Kind);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234560), time);
    }
}
