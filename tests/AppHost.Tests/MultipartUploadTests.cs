using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using NetVips;

namespace AppHost.Tests;

/// <summary>
/// Large images in parts, straight to s3rver: interrupted and resumed from what storage lists, assembled by the API
/// on complete, verified against the hash the client declared; aborted by DELETE; duplicates answered before a byte
/// moves.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class MultipartUploadTests(ImageServiceFixture service)
{
    // 3,200² RGB at 16 bits, uncompressed: 61.4 MB, and a decode that still fits the fixture's 64 MiB budget.
    private static readonly Lazy<byte[]> LargeTiff = new(() =>
    {
        using var noise = Image.Gaussnoise(3200, 3200, sigma: 9000, mean: 30000);
        using var rgb = noise.Bandjoin(noise.Flip(Enums.Direction.Horizontal), noise.Flip(Enums.Direction.Vertical));
        using var deep = rgb.Cast(Enums.BandFormat.Ushort);
        return deep.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.None);
    });

    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task A_60_MB_tiff_sent_in_parts_resumes_from_the_listed_parts_after_a_drop_and_becomes_available_with_its_hash()
    {
        var bytes = LargeTiff.Value;
        Assert.True(bytes.Length > 60_000_000);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var upload = await CreateAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/tiff", size_bytes = bytes.Length, multipart = true, sha256 });
        Assert.Null(upload["upload_url"]);
        var imageId = upload["image_id"]!.GetValue<string>();
        var partSize = upload["part_size"]!.GetValue<long>();
        var partCount = upload["part_count"]!.GetValue<int>();
        Assert.Equal((bytes.Length + partSize - 1) / partSize, partCount);

        // The connection drops after three parts.
        await PutPartsAsync(imageId, bytes, partSize, [1, 2, 3]);
        using (var early = await Api.Http.PostAsync($"/images/{imageId}/complete", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        var stored = await ListPartsAsync(imageId);
        Assert.Equal([1, 2, 3], stored.Select(part => part!["part_number"]!.GetValue<int>()));
        Assert.All(stored, part => Assert.Equal(partSize, part!["size_bytes"]!.GetValue<long>()));
        var missing = Enumerable.Range(1, partCount).Except(stored.Select(part => part!["part_number"]!.GetValue<int>())).ToArray();
        await PutPartsAsync(imageId, bytes, partSize, missing);

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.True(complete.StatusCode == HttpStatusCode.OK, await complete.Content.ReadAsStringAsync());
        var image = await ImageApiClient.ReadObjectAsync(complete);
        Assert.Equal("available", image["status"]!.GetValue<string>());
        Assert.Equal((3200, 3200), (image["width"]!.GetValue<int>(), image["height"]!.GetValue<int>()));
        Assert.Equal(sha256, image["sha256"]!.GetValue<string>());
        Assert.Equal(bytes.Length, image["size_bytes"]!.GetValue<long>());
        // Its parts are assembled: a delete must not abort what is complete (an abort there is refused or fails on AWS).
        Assert.DoesNotContain("multipart_upload_id", (await service.Storage.RecordAsync(imageId))!.Keys);

        using var download = await Api.Http.GetAsync($"/images/{imageId}/download");
        var url = (await ImageApiClient.ReadObjectAsync(download))["download_url"]!.GetValue<string>();
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await service.Plain.GetByteArrayAsync(url))));
    }

    [Fact]
    public async Task Deleting_an_unfinished_multipart_upload_aborts_it_and_leaves_no_parts_and_no_record()
    {
        var upload = await CreateAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png", size_bytes = 12L * 1024 * 1024, multipart = true });
        var imageId = upload["image_id"]!.GetValue<string>();
        var partSize = upload["part_size"]!.GetValue<long>();
        await PutPartsAsync(imageId, new byte[12 * 1024 * 1024], partSize, [1]);
        var uploadId = await UploadIdOfAsync(imageId);

        using var delete = await Api.Http.DeleteAsync($"/images/{imageId}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);

        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => service.Storage.S3.ListPartsAsync(
            new ListPartsRequest { BucketName = "images-bucket", Key = $"uploads/{imageId}", UploadId = uploadId }));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Null(await service.Storage.RecordStatusAsync(imageId));
        using var parts = await Api.Http.GetAsync($"/images/{imageId}/parts");
        Assert.Equal(HttpStatusCode.NotFound, parts.StatusCode);
    }

    [Fact]
    public async Task Bytes_that_do_not_hash_to_the_declared_sha256_are_422_and_nothing_is_kept()
    {
        var bytes = TestImages.Png(40, 30);
        var declared = Convert.ToHexStringLower(SHA256.HashData(TestImages.Png(41, 30)));
        var upload = await CreateAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png", size_bytes = bytes.Length, sha256 = declared });
        var imageId = upload["image_id"]!.GetValue<string>();

        // s3rver does not check x-amz-checksum-sha256 (S3 would refuse this PUT): ingest must.
        using var put = await PutWithHeadersAsync(upload["upload_url"]!.GetValue<string>(), upload["upload_headers"]!.AsObject(), bytes);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, complete.StatusCode);
        Assert.Contains("SHA-256", (await ImageApiClient.ReadJsonAsync(complete))["detail"]!.GetValue<string>());
        Assert.Empty(await service.Storage.KeysOfAsync(imageId));
    }

    [Fact]
    public async Task A_hash_the_user_already_has_is_409_with_the_existing_id_unless_a_duplicate_is_asked_for()
    {
        var userId = ImageApiClient.NewUserId();
        var bytes = TestImages.Png(33, 21);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var first = await UploadAndCompleteAsync(new { user_id = userId, content_type = "image/png", size_bytes = bytes.Length, sha256 }, bytes);

        using var again = await Api.RequestUploadAsync(new { user_id = userId, content_type = "image/png", sha256 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(first, (await ImageApiClient.ReadJsonAsync(again))["existing_image_id"]!.GetValue<string>());

        using var otherUser = await Api.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png", sha256 });
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);

        var second = await UploadAndCompleteAsync(
            new { user_id = userId, content_type = "image/png", size_bytes = bytes.Length, sha256, allow_duplicate = true }, bytes);
        Assert.NotEqual(first, second);
    }

    private async Task<JsonObject> CreateAsync(object body)
    {
        using var response = await Api.RequestUploadAsync(body);
        return await ImageApiClient.ReadObjectAsync(response);
    }

    private async Task<string> UploadAndCompleteAsync(object body, byte[] bytes)
    {
        var upload = await CreateAsync(body);
        var imageId = upload["image_id"]!.GetValue<string>();
        using var put = await PutWithHeadersAsync(upload["upload_url"]!.GetValue<string>(), upload["upload_headers"]!.AsObject(), bytes);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        return imageId;
    }

    private async Task PutPartsAsync(string imageId, byte[] bytes, long partSize, IReadOnlyList<int> numbers)
    {
        var request = new
        {
            parts = numbers.Select(number => new
            {
                part_number = number,
                sha256 = Convert.ToBase64String(SHA256.HashData(Slice(bytes, partSize, number))),
            }),
        };
        using var signed = await Api.Http.PostAsJsonAsync($"/images/{imageId}/parts", request);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        foreach (var part in (await ImageApiClient.ReadObjectAsync(signed))["parts"]!.AsArray())
        {
            var number = part!["part_number"]!.GetValue<int>();
            using var put = await PutWithHeadersAsync(part["upload_url"]!.GetValue<string>(), part["upload_headers"]!.AsObject(), Slice(bytes, partSize, number));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    private async Task<JsonArray> ListPartsAsync(string imageId)
    {
        using var response = await Api.Http.GetAsync($"/images/{imageId}/parts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ImageApiClient.ReadObjectAsync(response))["parts"]!.AsArray();
    }

    private async Task<string> UploadIdOfAsync(string imageId)
    {
        var item = await service.Storage.DynamoDb.GetItemAsync("images", new() { ["image_id"] = new(imageId) });
        return item.Item["multipart_upload_id"].S;
    }

    private Task<HttpResponseMessage> PutWithHeadersAsync(string url, JsonObject headers, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            content.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
        }
        return service.Plain.PutAsync(url, content);
    }

    private static byte[] Slice(byte[] bytes, long partSize, int number)
    {
        var start = (number - 1) * partSize;
        return bytes[(int)start..(int)Math.Min(bytes.Length, start + partSize)];
    }
}
