using System.Net;
using System.Text.Json.Nodes;

namespace AppHost.Tests;

/// <summary>A load balancer sends a client's next request wherever it likes: a page link must work on every instance.</summary>
[Collection(FleetCollection.Name)]
public class FleetListingTests(FleetFixture fleet)
{
    [Fact]
    public async Task A_listing_cursor_issued_by_one_instance_pages_on_the_other()
    {
        using var caller = fleet.NewCaller();
        var uploaded = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var imageId = await caller.UploadAsync(TestImages.Png());
            // Confirmed, so that no sweeper has work left from this test when the next one measures admission.
            (await caller.ConfirmPatientlyAsync(caller.Shared, imageId)).Dispose();
            uploaded.Add(imageId);
        }

        var seen = new List<string>();
        string? next = $"/images?user_id={caller.UserId}&limit=1";
        for (var page = 0; next is not null; page++)
        {
            Assert.True(page < 10, "pagination does not end");
            using var response = await caller.Instances[page % 2].Http.GetAsync(next);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"page {page + 1} on instance {page % 2 + 1}: {(int)response.StatusCode}");
            seen.AddRange(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(response)).Select(image => image!["image_id"]!.GetValue<string>()));
            next = ImageApiClient.NextPage(response);
        }

        Assert.Equal(uploaded.AsEnumerable().Reverse(), seen);
    }
}
