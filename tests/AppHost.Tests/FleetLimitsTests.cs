using System.Net;

namespace AppHost.Tests;

/// <summary>
/// Admission and per-caller limits live in each instance's memory, as documented (docs/fleet.md): an instance refuses
/// on its own counts, whatever the others hold, so a fleet of N admits up to N times each limit.
/// </summary>
[Collection(FleetCollection.Name)]
public class FleetLimitsTests(FleetFixture fleet)
{
    [Fact]
    public async Task A_caller_past_its_request_limit_on_one_instance_is_still_served_by_the_other_up_to_the_same_limit()
    {
        using var caller = fleet.NewCaller();
        var list = $"/images?user_id={caller.UserId}";

        foreach (var instance in caller.Instances)
        {
            for (var i = 1; i <= FleetFixture.RequestLimit; i++)
            {
                using var allowed = await instance.Http.GetAsync(list);
                Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"request {i}: {(int)allowed.StatusCode}");
            }
            using var refused = await instance.Http.GetAsync(list);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
    }

    [Fact]
    public async Task A_caller_at_its_confirmation_limit_on_one_instance_is_refused_there_and_admitted_by_the_other()
    {
        using var caller = fleet.NewCaller();
        var images = await UploadLargeAsync(caller, 3);
        var (first, second) = (caller.Instances[0], caller.Instances[1]);

        var answers = await Task.WhenAll(
            first.Http.PostAsync($"/images/{images[0]}/complete", null),
            first.Http.PostAsync($"/images/{images[1]}/complete", null),
            second.Http.PostAsync($"/images/{images[2]}/complete", null));

        Assert.Equal(
            new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests },
            answers[..2].Select(answer => answer.StatusCode).Order());
        var refused = answers[..2].Single(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains("being confirmed already", (await ImageApiClient.ReadJsonAsync(refused))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, answers[2].StatusCode);
        await ConfirmRefusedAsync(caller, first, images, answers);
    }

    [Fact]
    public async Task An_instance_whose_confirmation_slots_are_full_refuses_while_the_other_admits()
    {
        var callers = Enumerable.Range(0, FleetFixture.ConfirmationSlots + 2).Select(_ => fleet.NewCaller()).ToList();
        try
        {
            var images = new List<string>();
            foreach (var caller in callers) images.AddRange(await UploadLargeAsync(caller, 1));

            // One more than the first instance's slots, each from its own caller; the last caller asks the second instance.
            var answers = await Task.WhenAll(callers.Select((caller, i) =>
                caller.Instances[i < callers.Count - 1 ? 0 : 1].Http.PostAsync($"/images/{images[i]}/complete", null)));

            var onFirst = answers[..^1];
            Assert.Equal(FleetFixture.ConfirmationSlots, onFirst.Count(answer => answer.StatusCode == HttpStatusCode.OK));
            var full = Assert.Single(onFirst, answer => answer.StatusCode == HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Too many uploads are being confirmed", (await ImageApiClient.ReadJsonAsync(full))["detail"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, answers[^1].StatusCode);
            await ConfirmRefusedAsync(callers[0], callers[0].Instances[0], images, answers);
        }
        finally
        {
            foreach (var caller in callers) caller.Dispose();
        }
    }

    /// <summary>
    /// Retries what was refused, as a client would: each is then confirmed, and no sweeper has work left from this test
    /// when the next one measures admission.
    /// </summary>
    private static async Task ConfirmRefusedAsync(FleetCaller caller, ImageApiClient on, List<string> images, HttpResponseMessage[] answers)
    {
        foreach (var (imageId, answer) in images.Zip(answers))
        {
            if (answer.StatusCode != HttpStatusCode.OK)
            {
                using var retried = await caller.ConfirmPatientlyAsync(on, imageId);
                Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            }
            answer.Dispose();
        }
    }

    /// <summary>A photo that takes long enough to decode that concurrent confirmations overlap; made once, before any upload window opens.</summary>
    private static readonly Lazy<byte[]> Photo = new(() => TestImages.Jpeg(4000, 3000));

    private static async Task<List<string>> UploadLargeAsync(FleetCaller caller, int count)
    {
        var images = new List<string>();
        for (var i = 0; i < count; i++) images.Add(await caller.UploadAsync(Photo.Value, "image/jpeg"));
        return images;
    }
}
