using System.Net;

namespace AppHost.Tests;

/// <summary>
/// Confirmation across instances: each instance has its own single-flight map and its own sweeper, so only the
/// lease on the record in DynamoDB keeps two of them from decoding and settling one image twice.
/// </summary>
[Collection(FleetCollection.Name)]
public class FleetConfirmationTests(FleetFixture fleet)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    // Log lines reach the AppHost a moment after they are written; a second decode would be logged within this.
    private static readonly TimeSpan LogListen = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task An_image_being_confirmed_on_one_instance_is_not_decoded_again_by_the_other_which_answers_once_it_is_available()
    {
        using var caller = fleet.NewCaller();
        var (first, second) = (caller.Instances[0], caller.Instances[1]);
        var photo = TestImages.Jpeg(4000, 3000);
        string imageId;
        HttpResponseMessage[] onSecond;
        List<HttpResponseMessage> held;
        var attempts = 0;
        do
        {
            // On a fast moment the first instance can finish before the second is asked; then the race is run again.
            imageId = await caller.UploadAsync(photo, "image/jpeg");
            var onFirst = first.Http.PostAsync($"/images/{imageId}/complete", null);
            await Eventually(async () => await fleet.Storage.RecordAttributeAsync(imageId, "confirm_lease_until") is not null || onFirst.IsCompleted);
            onSecond = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => i % 2 == 0
                ? second.Http.PostAsync($"/images/{imageId}/complete", null)
                : second.Http.GetAsync($"/images/{imageId}/download")));
            using var firstAnswer = await onFirst;

            Assert.Equal(HttpStatusCode.OK, firstAnswer.StatusCode);
            held = onSecond.Where(answer => answer.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        }
        while (held.Count == 0 && ++attempts < 3);
        Assert.True(held.Count > 0, "three times the second instance was asked only after the first had finished: nothing was proven");
        Assert.All(onSecond, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        foreach (var answer in held)
        {
            Assert.NotNull(answer.Headers.RetryAfter);
            Assert.Contains("being confirmed by another request", (await ImageApiClient.ReadJsonAsync(answer))["detail"]!.GetValue<string>());
        }
        using (var retried = await caller.ConfirmPatientlyAsync(second, imageId))
        {
            Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(retried))["status"]!.GetValue<string>());
        }
        foreach (var answer in onSecond) answer.Dispose();

        var decodes = await fleet.LogLinesAsync($"Decoding upload of image {imageId}", LogListen);
        Assert.Single(decodes[fleet.Instances[0]]);
        Assert.Empty(decodes[fleet.Instances[1]]);
        Assert.Equal("1", await fleet.Storage.RecordAttributeAsync(imageId, "decode_attempts"));
    }

    [Fact]
    public async Task Both_instances_sweep_and_every_abandoned_upload_is_settled_once_by_the_fleet()
    {
        using var caller = fleet.NewCaller();
        var photos = Enumerable.Range(0, 12).Select(_ => TestImages.Jpeg(1600, 1200)).ToList();
        var images = new List<string>();
        foreach (var photo in photos) images.Add(await caller.UploadAsync(photo, "image/jpeg"));
        var notImages = new List<string>();
        for (var i = 0; i < 2; i++) notImages.Add(await caller.UploadAsync("plain text"u8.ToArray()));
        var neverUploaded = new List<string>();
        for (var i = 0; i < 2; i++) neverUploaded.Add((await caller.Shared.CreateUploadAsync(caller.UserId))["image_id"]!.GetValue<string>());

        foreach (var imageId in images) await Eventually(async () => await fleet.Storage.RecordStatusAsync(imageId) == "available", SweepPoll);
        foreach (var imageId in notImages) await Eventually(async () => await fleet.Storage.RecordStatusAsync(imageId) == "rejected", SweepPoll);
        foreach (var imageId in neverUploaded) await Eventually(async () => await fleet.Storage.RecordStatusAsync(imageId) is null, SweepPoll);

        var settled = await fleet.LogLinesAsync("of image ", LogListen);
        Assert.All(fleet.Instances, instance => Assert.Contains(settled[instance], line => images.Any(line.Contains)));
        var everyLine = settled.Values.SelectMany(lines => lines).ToList();
        foreach (var imageId in images)
        {
            Assert.Single(everyLine, line => line.Contains($"Decoding upload of image {imageId}", StringComparison.Ordinal));
            Assert.Equal("1", await fleet.Storage.RecordAttributeAsync(imageId, "decode_attempts"));
        }
        Assert.All(notImages, imageId => Assert.Single(everyLine, line => line.Contains($"Upload of image {imageId} rejected", StringComparison.Ordinal)));
        Assert.All(neverUploaded, imageId => Assert.Single(everyLine, line => line.Contains($"Abandoned upload of image {imageId} removed", StringComparison.Ordinal)));
    }

    /// <summary>Sweeps run every second: looking more often only adds load to the machine the sweepers share.</summary>
    private static readonly TimeSpan SweepPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls every 20 ms unless told otherwise: the lease a confirmation holds lasts as long as its decode.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Deadline.TotalSeconds} s");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20));
        }
    }
}
