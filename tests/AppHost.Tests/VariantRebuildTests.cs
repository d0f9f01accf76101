using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;

namespace AppHost.Tests;

/// <summary>
/// `ImageApi variants rebuild`, run as a command against the emulators the AppHost started: an image whose thumbnails
/// were made before recipes (legacy keys, no placeholder) gets new keys, a placeholder and a record naming the recipe;
/// its old keys go, and its thumbnail URL serves the new bytes.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class VariantRebuildTests(ImageServiceFixture service)
{
    private const string Bucket = "images-bucket";

    [Fact]
    public async Task The_rebuild_command_gives_an_image_made_before_recipes_new_thumbnail_keys_and_a_placeholder()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png(640, 480));
        using (var complete = await service.Api.Http.PostAsync($"/images/{imageId}/complete", null)) complete.EnsureSuccessStatusCode();
        await MakeLegacyAsync(imageId);
        var legacy = new[] { $"thumbnails/{imageId}/1024.webp", $"thumbnails/{imageId}/256.webp" };

        var output = await ImageApiCommand.RunAsync(service, "variants", "rebuild");

        Assert.Matches(@"variants: \d+ examined, [1-9]\d* rebuilt, 0 failed", output);
        var keys = await service.Storage.KeysOfAsync(imageId);
        Assert.Empty(keys.Intersect(legacy));
        Assert.Equal(2, keys.Count(key => key.StartsWith($"thumbnails/{imageId}/", StringComparison.Ordinal)));
        var item = (await service.Storage.DynamoDb.GetItemAsync("images", new() { ["image_id"] = new(imageId) })).Item;
        Assert.Matches("^[0-9a-f]{8}$", item["variant_recipe"].S);
        Assert.NotEmpty(item["placeholder"].S);

        using var thumbnail = await service.Api.Http.GetAsync($"/images/{imageId}/thumbnail?size=256");
        var url = (await ImageApiClient.ReadObjectAsync(thumbnail))["download_url"]!.GetValue<string>();
        Assert.Contains($"256-{item["variant_recipe"].S}.webp", url);
        var rebuilt = TestImages.Inspect(await service.Plain.GetByteArrayAsync(url));
        Assert.Equal((256, 192), (rebuilt.Width, rebuilt.Height));
    }

    /// <summary>As a record and bucket written before recipes existed: recipe-less keys, no recipe, no placeholder.</summary>
    private async Task MakeLegacyAsync(string imageId)
    {
        foreach (var key in (await service.Storage.KeysOfAsync(imageId)).Where(key => key.StartsWith("thumbnails/", StringComparison.Ordinal)))
        {
            var legacyKey = System.Text.RegularExpressions.Regex.Replace(key, @"-[0-9a-f]{8}\.webp$", ".webp");
            await service.Storage.S3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = Bucket,
                SourceKey = key,
                DestinationBucket = Bucket,
                DestinationKey = legacyKey,
            });
            await service.Storage.S3.DeleteObjectAsync(Bucket, key);
        }
        await service.Storage.DynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "images",
            Key = new() { ["image_id"] = new(imageId) },
            UpdateExpression = "REMOVE variant_recipe, placeholder",
        });
    }
}
