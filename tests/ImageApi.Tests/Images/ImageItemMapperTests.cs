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
    public void A_record_sits_on_the_timeline_at_its_upload_when_its_file_does_not_say_when_it_was_taken()
    {
        var item = ImageItemMapper.ToItem(Record);

        Assert.Equal(item["upload_time"].S, item["taken_time"].S);
        Assert.True(ImageItemMapper.FromItem(item).OnTimeline);
    }

    [Theory]
    [InlineData(120, "2019-07-04T16:30:12.340000Z")]
    [InlineData(null, "2019-07-04T18:30:12.340000Z")]
    public void A_photo_sits_on_the_timeline_at_the_instant_it_was_taken_or_at_its_local_time_when_the_offset_is_unknown(
        int? offsetMinutes, string takenTime)
    {
        var photo = Record with
        {
            Capture = new CaptureMetadata
            {
                LocalTime = new DateTime(2019, 7, 4, 18, 30, 12, 340),
                Offset = offsetMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            },
        };

        Assert.Equal(takenTime, ImageItemMapper.ToItem(photo)["taken_time"].S);
        Assert.Equal(takenTime, ImageItemMapper.CaptureAttributes(photo.Capture)["taken_time"].S);
    }

    [Fact]
    public void A_record_written_before_the_timeline_reads_as_not_on_it()
    {
        var item = ImageItemMapper.ToItem(Record);
        item.Remove("taken_time");

        Assert.False(ImageItemMapper.FromItem(item).OnTimeline);
    }

    [Fact]
    public void A_capture_survives_a_round_trip_in_its_own_attributes()
    {
        var captured = Record with
        {
            Capture = new CaptureMetadata
            {
                LocalTime = new DateTime(2019, 7, 4, 18, 30, 12, 340),
                Offset = TimeSpan.FromMinutes(-330),
                CameraMake = "Canon",
                CameraModel = "EOS R5",
                Lens = "RF 50mm",
                Orientation = 6,
                Location = new GeoPosition(51.507478, -0.127767),
            },
        };

        var item = ImageItemMapper.ToItem(captured);

        Assert.Equivalent(captured, ImageItemMapper.FromItem(item), strict: true);
        Assert.Equal("2019-07-04T18:30:12.34", item["capture_local_time"].S);
        Assert.Equal("-330", item["capture_offset_minutes"].N);
        Assert.Equal(("Canon", "EOS R5", "RF 50mm", "6"), (item["camera_make"].S, item["camera_model"].S, item["lens"].S, item["orientation"].N));
        Assert.Equal(("51.507478", "-0.127767"), (item["location_latitude"].N, item["location_longitude"].N));
    }

    [Fact]
    public void A_time_without_offset_stores_no_offset_and_records_without_capture_read_none()
    {
        var local = Record with { Capture = new CaptureMetadata { LocalTime = new DateTime(2021, 12, 31, 23, 59, 58) } };

        var item = ImageItemMapper.ToItem(local);

        Assert.DoesNotContain("capture_offset_minutes", item.Keys);
        Assert.Null(ImageItemMapper.FromItem(item).Capture!.Offset);
        Assert.Null(ImageItemMapper.FromItem(ImageItemMapper.ToItem(Record)).Capture);
    }

    [Fact]
    public void Capture_attributes_of_the_wrong_shape_read_as_unknown()
    {
        var item = ImageItemMapper.ToItem(Record);
        item["capture_local_time"] = new AttributeValue { S = "yesterday" };
        item["capture_offset_minutes"] = new AttributeValue { S = "+02:00" };
        item["orientation"] = new AttributeValue { N = "99999999999" };
        item["location_latitude"] = new AttributeValue { N = "51.5" };

        Assert.Null(ImageItemMapper.FromItem(item).Capture);
    }

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
