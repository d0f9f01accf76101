using System.Net;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>
/// Ingest on real images and real emulators: uploads land in staging, confirmation decodes and publishes them with
/// their dimensions, hash and thumbnails, and nothing a client does afterwards can change what downloads serve.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class IngestTests(ImageServiceFixture service)
{
    private ImageApiClient Api => service.Api;

    [Theory]
    [InlineData("image/jpeg", "jpeg")]
    [InlineData("image/png", "png")]
    [InlineData("image/gif", "gif")]
    [InlineData("image/webp", "webp")]
    [InlineData("image/tiff", "tiff")]
    [InlineData("image/avif", "avif")]
    public async Task Each_supported_type_round_trips_with_its_dimensions_format_and_sha256(string contentType, string format)
    {
        var bytes = TestImages.Encode(contentType, 300, 200);
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), bytes, contentType, bytes.Length);

        var image = await CompleteAsync(imageId);

        Assert.Equal("available", image["status"]!.GetValue<string>());
        Assert.Equal(300, image["width"]!.GetValue<int>());
        Assert.Equal(200, image["height"]!.GetValue<int>());
        Assert.Equal(format, image["format"]!.GetValue<string>());
        Assert.Equal(TestImages.Sha256(bytes).ToLowerInvariant(), image["sha256"]!.GetValue<string>());
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await DownloadAsync(imageId)));
        Assert.DoesNotContain("uploads/" + imageId, await service.Storage.KeysOfAsync(imageId));
        var placeholder = Convert.FromBase64String(image["placeholder"]!.GetValue<string>());
        Assert.True((placeholder[4] & 0x80) != 0, "a 300 × 200 image has a landscape ThumbHash");
    }

    public static TheoryData<string, string, Func<byte[]>> DamagedUploads => new()
    {
        { "truncated JPEG", "image/jpeg", () => TestImages.Jpeg(400, 300)[..^2000] },
        { "PNG with a bad CRC", "image/png", () => CorruptFirstChunkCrc(TestImages.Png(300, 200)) },
        { "PNG header followed by HTML", "image/png", () => [.. TestImages.Png()[..16], .. "<html><script>alert(1)</script></html>"u8] },
        { "JPEG declared as PNG", "image/png", () => TestImages.Jpeg() },
    };

    [Theory]
    [MemberData(nameof(DamagedUploads))]
    public async Task Damaged_or_mislabelled_files_are_422_and_nothing_is_published(string _, string contentType, Func<byte[]> make)
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), make(), contentType);

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        Assert.Equal("application/problem+json", complete.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, download.StatusCode);
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_on_its_header_before_any_pixel_is_decoded()
    {
        var bomb = await File.ReadAllBytesAsync(BombPng.Value);
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), bomb);

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        var detail = (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>();
        Assert.Contains("50000 × 50000 pixels", detail);
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
    }

    [Fact]
    public async Task A_second_put_after_complete_does_not_change_what_downloads_serve()
    {
        var original = TestImages.Png();
        using var response = await Api.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png" });
        var upload = await ImageApiClient.ReadObjectAsync(response);
        var imageId = upload["image_id"]!.GetValue<string>();
        var uploadUrl = upload["upload_url"]!.GetValue<string>();
        (await service.PutAsync(uploadUrl, original, "image/png")).Dispose();
        await CompleteAsync(imageId);

        using var second = await service.PutAsync(uploadUrl, "<html><script>evil()</script></html>"u8.ToArray(), "image/png");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        Assert.Equal(TestImages.Sha256(original), TestImages.Sha256(await DownloadAsync(imageId)));
        using var again = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal(TestImages.Sha256(original).ToLowerInvariant(), (await ImageApiClient.ReadObjectAsync(again))["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_put_after_delete_leaves_nothing_listed_and_nothing_published()
    {
        var userId = ImageApiClient.NewUserId();
        using var response = await Api.RequestUploadAsync(new { user_id = userId, content_type = "image/png" });
        var upload = await ImageApiClient.ReadObjectAsync(response);
        var imageId = upload["image_id"]!.GetValue<string>();
        var uploadUrl = upload["upload_url"]!.GetValue<string>();
        (await service.PutAsync(uploadUrl, TestImages.Png(), "image/png")).Dispose();
        await CompleteAsync(imageId);
        (await Api.Http.DeleteAsync($"/images/{imageId}")).Dispose();

        (await service.PutAsync(uploadUrl, TestImages.Png(), "image/png")).Dispose();

        using var list = await Api.Http.GetAsync($"/images?user_id={userId}");
        Assert.Empty(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(list)));
        Assert.DoesNotContain(await service.Storage.KeysOfAsync(imageId), key => !key.StartsWith("uploads/", StringComparison.Ordinal));
        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Thumbnails_have_the_asked_size_the_orientation_applied_and_no_exif()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.SidewaysJpegWithGps(1600, 1200), "image/jpeg");
        await CompleteAsync(imageId);

        foreach (var (size, width, height) in new[] { (256, 192, 256), (1024, 768, 1024) })
        {
            using var response = await Api.Http.GetAsync($"/images/{imageId}/thumbnail?size={size}");
            var thumbnail = await ImageApiClient.ReadObjectAsync(response);
            Assert.Equal("image/webp", thumbnail["content_type"]!.GetValue<string>());
            var bytes = await service.Plain.GetByteArrayAsync(thumbnail["download_url"]!.GetValue<string>());

            var (actualWidth, actualHeight, loader, hasExif) = TestImages.Inspect(bytes);
            Assert.Equal((width, height), (actualWidth, actualHeight));
            Assert.StartsWith("webpload", loader);
            Assert.False(hasExif, "the thumbnail kept the EXIF block (with its GPS position)");
        }
    }

    [Fact]
    public async Task A_small_image_is_never_upscaled_and_an_unknown_size_is_400()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(100, 50));
        await CompleteAsync(imageId);

        using var large = await Api.Http.GetAsync($"/images/{imageId}/thumbnail?size=1024");
        var bytes = await service.Plain.GetByteArrayAsync((await ImageApiClient.ReadObjectAsync(large))["download_url"]!.GetValue<string>());
        Assert.Equal((100, 50), (TestImages.Inspect(bytes).Width, TestImages.Inspect(bytes).Height));

        using var unknown = await Api.Http.GetAsync($"/images/{imageId}/thumbnail?size=300");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await ImageApiClient.ReadJsonAsync(unknown))["errors"]!["size"]);
    }

    [Fact]
    public async Task A_listing_with_thumbnail_size_carries_every_thumbnail_url_and_one_without_carries_none()
    {
        var userId = ImageApiClient.NewUserId();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var imageId = await service.UploadAsync(userId, TestImages.Png());
            await CompleteAsync(imageId);
            ids.Add(imageId);
        }

        using var withThumbnails = await Api.Http.GetAsync($"/images?user_id={userId}&thumbnail_size=256");
        var items = Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(withThumbnails));
        Assert.Equal(3, items.Count);
        foreach (var item in items)
        {
            var bytes = await service.Plain.GetByteArrayAsync(item!["thumbnail_url"]!.GetValue<string>());
            Assert.StartsWith("webpload", TestImages.Inspect(bytes).Loader);
        }

        using var plain = await Api.Http.GetAsync($"/images?user_id={userId}");
        Assert.All(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(plain)), item => Assert.Null(item!["thumbnail_url"]));
    }

    [Fact]
    public async Task Delete_leaves_no_object_of_the_image_in_the_bucket()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Jpeg(800, 600), "image/jpeg");
        await CompleteAsync(imageId);
        // Thumbnail keys name their recipe (8 hex digits), so a new recipe never changes bytes cached as immutable.
        Assert.Collection(
            (await service.Storage.KeysOfAsync(imageId)).Order(StringComparer.Ordinal),
            key => Assert.Equal($"images/{imageId}", key),
            key => Assert.Matches($"^thumbnails/{imageId}/1024-[0-9a-f]{{8}}\\.webp$", key),
            key => Assert.Matches($"^thumbnails/{imageId}/256-[0-9a-f]{{8}}\\.webp$", key));

        using var delete = await Api.Http.DeleteAsync($"/images/{imageId}");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
    }

    [Theory]
    [InlineData("image/heic")]
    [InlineData("image/bmp")]
    public async Task Types_the_imaging_library_cannot_decode_are_refused_at_upload_naming_the_supported_ones(string contentType)
    {
        using var response = await Api.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = contentType });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ImageApiClient.ReadJsonAsync(response))["errors"]!["content_type"]![0]!.GetValue<string>();
        Assert.Contains("image/jpeg", detail);
        Assert.Contains("image/avif", detail);
    }

    private async Task<JsonObject> CompleteAsync(string imageId)
    {
        using var response = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        return await ImageApiClient.ReadObjectAsync(response);
    }

    private async Task<byte[]> DownloadAsync(string imageId)
    {
        using var response = await Api.Http.GetAsync($"/images/{imageId}/download");
        return await service.Plain.GetByteArrayAsync((await ImageApiClient.ReadObjectAsync(response))["download_url"]!.GetValue<string>());
    }

    private static byte[] CorruptFirstChunkCrc(byte[] png)
    {
        var corrupt = (byte[])png.Clone();
        corrupt[29] ^= 0xFF; // the IHDR chunk's CRC (bytes 29..32)
        return corrupt;
    }

    // 50,000 × 50,000 black pixels compress to about 2.4 MB: made once per run, it takes libvips a few seconds.
    private static readonly Lazy<string> BombPng = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "cloud-image-service-bomb-50000.png");
        if (!File.Exists(path))
        {
            using var black = NetVips.Image.Black(50_000, 50_000).Cast(NetVips.Enums.BandFormat.Uchar);
            File.WriteAllBytes(path + ".tmp", black.PngsaveBuffer(compression: 9));
            File.Move(path + ".tmp", path, overwrite: true);
        }
        return path;
    });
}
