using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace AppHost.Tests;

/// <summary>Two instances charging and releasing one user's usage at once: exact, and never past the quota.</summary>
[Collection(FleetCollection.Name)]
public class FleetQuotaTests(FleetFixture fleet)
{
    [Fact]
    public async Task Usage_stays_exact_under_concurrent_uploads_and_deletes_on_two_instances_and_never_passes_the_quota()
    {
        using var caller = fleet.NewCaller();
        using (var quota = await caller.Shared.Http.PutAsJsonAsync($"/users/{caller.UserId}/quota", new { bytes_limit = (long?)null, images_limit = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, quota.StatusCode);
        }
        var uploaded = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => caller.UploadAsync(TestImages.Png())));

        var confirmations = await Task.WhenAll(uploaded.Select((imageId, i) => caller.ConfirmPatientlyAsync(caller.Instances[i % 2], imageId)));
        var statuses = confirmations.Select(response => response.StatusCode).ToList();
        foreach (var response in confirmations) response.Dispose();
        Assert.Equal(4, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(status => status == HttpStatusCode.Forbidden));

        var available = uploaded.Where((_, i) => statuses[i] == HttpStatusCode.OK).ToList();
        // Each of two images deleted by both instances at once, as a client retrying on another task would.
        var deletes = await Task.WhenAll(available.Take(2).SelectMany(imageId => caller.Instances.Select(on => on.Http.DeleteAsync($"/images/{imageId}"))));
        foreach (var response in deletes) response.Dispose();

        var kept = available.Skip(2).ToList();
        long expected = 0;
        foreach (var imageId in kept)
        {
            expected += long.Parse((await fleet.Storage.RecordAsync(imageId))!["stored_bytes"].N, CultureInfo.InvariantCulture);
        }
        foreach (var instance in caller.Instances)
        {
            using var response = await instance.Http.GetAsync($"/users/{caller.UserId}/usage");
            var usage = await ImageApiClient.ReadObjectAsync(response);
            Assert.Equal((expected, 2L), (usage["bytes_used"]!.GetValue<long>(), usage["images_used"]!.GetValue<long>()));
        }
    }
}
