using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using CloudImageService.Security;

namespace ImageApi.Tests.Api;

/// <summary>Where a photo was taken is the owner's alone: an admin, or anyone else, sees the rest of its capture.</summary>
public sealed class CaptureResponseTests
{
    private static readonly ImageRecord Photo = new(
        Guid.NewGuid().ToString(), "alice", "image/jpeg", [], null, DateTime.UtcNow, ImageStatus.Available, "images/x")
    {
        Capture = new CaptureMetadata
        {
            LocalTime = new DateTime(2019, 7, 4, 18, 30, 12, 340),
            Offset = TimeSpan.FromHours(-5),
            CameraModel = "EOS R5",
            Location = new GeoPosition(48.856667, 2.35),
        },
    };

    [Fact]
    public void The_owner_sees_the_location_and_an_admin_acting_for_them_does_not()
    {
        var owner = new Caller("alice", IsAdmin: false, IsEnforced: true);
        var admin = new Caller("root", IsAdmin: true, IsEnforced: true);

        Assert.True(owner.IsOwnerOf(Photo.UserId));
        Assert.False(admin.IsOwnerOf(Photo.UserId));
        Assert.True(admin.MaySee(Photo.UserId));
        Assert.NotNull(ImageResponse.From(Photo, owner.IsOwnerOf(Photo.UserId)).Capture!.Location);
        var seenByAdmin = ImageResponse.From(Photo, admin.IsOwnerOf(Photo.UserId)).Capture!;
        Assert.Null(seenByAdmin.Location);
        Assert.Equal("EOS R5", seenByAdmin.CameraModel);
    }

    [Fact]
    public void Without_a_word_on_the_caller_the_response_leaves_the_location_out() =>
        Assert.Null(ImageResponse.From(Photo).Capture!.Location);

    [Fact]
    public void A_known_offset_gives_taken_at_as_an_instant_with_that_offset()
    {
        var response = ImageResponse.From(Photo);

        Assert.Equal("2019-07-04T18:30:12.34-05:00", response.TakenAt);
        Assert.Equal((true, "2019-07-04T18:30:12.34", "-05:00"), (response.Capture!.OffsetKnown!.Value, response.Capture.LocalTime, response.Capture.Offset));
        Assert.Equal(new DateTimeOffset(2019, 7, 4, 23, 30, 12, 340, TimeSpan.Zero), DateTimeOffset.Parse(response.TakenAt!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
