using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace AppHost.Tests;

/// <summary>
/// Hundreds of generated hostile requests over every endpoint. Every answer must be a 4xx
/// application/problem+json whose status matches, never a 5xx; afterwards the API still works and a real image that
/// the requests aimed at (or next to) is unchanged, bytes included.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public partial class HostileInputTests(ImageServiceFixture service, ITestOutputHelper output)
{
    private const int Parallelism = 8;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private HttpClient Http => service.Api.Http;

    [Fact]
    public void The_generator_covers_every_endpoint_with_at_least_300_sendable_requests()
    {
        var requests = HostileRequests.All(HostileTargets.Placeholder).ToList();

        Assert.True(requests.Count >= 300, $"only {requests.Count} hostile requests");
        var perEndpoint = requests.CountBy(r => r.Endpoint).ToDictionary();
        Assert.All(Enum.GetValues<ImageEndpoint>(), endpoint =>
            Assert.True(perEndpoint.GetValueOrDefault(endpoint) >= 20, $"{endpoint}: {perEndpoint.GetValueOrDefault(endpoint)} requests"));
        Assert.Empty(requests.Where(r => !HostileRequests.IsSendable(r)).Select(r => r.Describe()));
        Assert.Empty(requests.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public async Task Every_hostile_request_is_a_4xx_problem_and_changes_nothing()
    {
        var stopwatch = Stopwatch.StartNew();
        var owner = ImageApiClient.NewUserId();
        var bytes = TestImages.Png();
        var imageId = await service.UploadAsync(owner, bytes);
        using (var complete = await Http.PostAsync($"/images/{imageId}/complete", null))
            Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(complete))["status"]!.GetValue<string>());

        var cursorOwner = ImageApiClient.NewUserId();
        await service.Api.CreateUploadAsync(cursorOwner);
        await service.Api.CreateUploadAsync(cursorOwner);
        var targets = new HostileTargets(
            imageId, owner, cursorOwner,
            await NextCursorAsync($"/images?user_id={cursorOwner}&limit=1"),
            await NextCursorAsync("/images?limit=1"));

        var requests = HostileRequests.All(targets).ToList();
        var answers = new ConcurrentBag<Answer>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (request, _) => answers.Add(await SendAsync(request)));
        var sent = stopwatch.Elapsed;

        var failures = answers.Select(Judge).OfType<string>().Order(StringComparer.Ordinal).ToList();
        output.WriteLine($"{requests.Count} hostile requests in {sent.TotalSeconds:F1} s (setup included): " +
            string.Join(", ", requests.CountBy(r => r.Endpoint).Select(pair => $"{pair.Key} {pair.Value}")));
        output.WriteLine("statuses: " + string.Join(", ", answers.CountBy(a => a.Status).OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}×{pair.Value}")));

        // The API still works, and the real image the requests aimed at is untouched.
        failures.AddRange(await CheckStillIntactAsync(imageId, owner, bytes));
        output.WriteLine($"total {stopwatch.Elapsed.TotalSeconds:F1} s");

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {requests.Count} hostile requests were not answered with a 4xx problem+json:\n\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public async Task Valid_extremes_are_never_a_5xx()
    {
        // Not hostile, just at the edges of what the contract allows: the answer may be 2xx or a 4xx problem, never 5xx.
        var user = ImageApiClient.NewUserId();
        HostileRequest[] requests =
        [
            new("end_date on the last day of the calendar", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={user}&end_date=9999-12-31"),
            new("end_date on the last day of the calendar, full listing", ImageEndpoint.List, HttpMethod.Get, "/images?end_date=9999-12-31&limit=1"),
            new("start_date on the first day of the calendar", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={user}&start_date=0001-01-01"),
            new("date-times at both ends of the calendar", ImageEndpoint.List, HttpMethod.Get,
                $"/images?user_id={user}&start_date=0001-01-01T00%3A00%3A00Z&end_date=9999-12-31T23%3A59%3A59.9999999Z"),
            new("date-time before year 1 in UTC", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={user}&start_date=0001-01-01T00%3A00%3A00%2B14%3A00"),
            new("date-time after year 9999 in UTC", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={user}&end_date=9999-12-31T23%3A59%3A59-14%3A00"),
            new("limit 1000", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={user}&limit=1000"),
            new("user_id of 128 chars", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={new string('u', 128)}"),
            new("tag of 64 chars", ImageEndpoint.List, HttpMethod.Get, $"/images?tag={new string('t', 64)}&limit=1"),
            new("the nil uuid", ImageEndpoint.Get, HttpMethod.Get, "/images/00000000-0000-0000-0000-000000000000"),
            new("the max uuid", ImageEndpoint.Download, HttpMethod.Get, "/images/ffffffff-ffff-ffff-ffff-ffffffffffff/download"),
            new("upload at every limit", ImageEndpoint.Upload, HttpMethod.Post, "/images/upload", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                user_id = new string('u', 128),
                content_type = "image/png",
                tags = Enumerable.Range(0, 20).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + new string('t', 62)).ToArray(),
                description = "line 1\nline 2\u0000\u0007 " + new string('d', 980),
                size_bytes = 20L * 1024 * 1024,
            })), "application/json"),
            new("upload with non-ASCII ids and tags", ImageEndpoint.Upload, HttpMethod.Post, "/images/upload",
                Encoding.UTF8.GetBytes("""{"user_id":"用户-😀-ü","content_type":"image/webp","tags":["日本","\ud83d\ude00"," padded "],"description":""}"""),
                "application/json; charset=utf-8"),
        ];

        var answers = new List<Answer>();
        foreach (var request in requests) answers.Add(await SendAsync(request));

        var failures = answers
            .Where(a => a.Status is >= 500 or 0 || (a.Status >= 400 && !IsProblemFor(a)))
            .Select(a => Report(a, "a 2xx or a 4xx problem+json"))
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private async Task<string> NextCursorAsync(string firstPage)
    {
        using var response = await Http.GetAsync(firstPage);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var next = new Uri(new Uri("http://any.invalid"), ImageApiClient.NextPage(response) ?? throw new InvalidOperationException($"{firstPage} has no Link header"));
        var cursor = next.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)).Single(pair => pair[0] == "cursor")[1];
        return Uri.UnescapeDataString(cursor);
    }

    private async Task<Answer> SendAsync(HostileRequest request)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var message = request.ToMessage(Http.BaseAddress!);
            using var response = await Http.SendAsync(message, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Answer(request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
            return new Answer(request, 0, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Null when the answer is what the contract asks; otherwise a line for the report.</summary>
    private static string? Judge(Answer answer)
    {
        if (answer.Status is < 400 or >= 500) return Report(answer, "a 4xx");
        if (!IsProblemFor(answer)) return Report(answer, "application/problem+json with a matching numeric status");
        // A 429 from the upload rate limiter is a valid answer, but then the request never reached the input
        // checks this suite is about: the fixture's limit must leave room for the whole suite.
        if (answer.Status == 429) return Report(answer, "to reach the input checks (the upload rate limiter answered first)");
        return null;
    }

    private static bool IsProblemFor(Answer answer)
    {
        if (answer.MediaType != "application/problem+json") return false;
        try
        {
            return JsonNode.Parse(answer.Body) is JsonObject problem
                && problem["status"] is JsonValue status
                && status.TryGetValue<int>(out var value)
                && value == answer.Status;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Report(Answer answer, string expected)
    {
        var body = answer.Body.Length <= 300 ? answer.Body : answer.Body[..300] + "…";
        return $"{answer.Request.Describe()}\n  → {answer.Status} {answer.MediaType ?? "(no content type)"}, expected {expected}: {body}";
    }

    private async Task<List<string>> CheckStillIntactAsync(string imageId, string owner, byte[] bytes)
    {
        var failures = new List<string>();

        // complete ignores its body: a junk one on the real id must not break or change anything either.
        using (var junk = new HttpRequestMessage(HttpMethod.Post, $"/images/{imageId}/complete")
        {
            Content = new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A]) { Headers = { { "Content-Type", "application/json" } } },
        })
        using (var response = await Http.SendAsync(junk))
        {
            if ((int)response.StatusCode >= 500)
                failures.Add($"complete on the real image with a junk body → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using (var response = await Http.GetAsync($"/images/{imageId}"))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(text)?["status"]?.GetValue<string>() != "available")
                failures.Add($"afterwards GET /images/{imageId} → {(int)response.StatusCode}: {text} (expected 200 with status available)");
        }

        using (var response = await Http.GetAsync($"/images/{imageId}/download"))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"afterwards GET /images/{imageId}/download → {(int)response.StatusCode}: {text}");
            }
            else
            {
                var downloaded = await service.Plain.GetByteArrayAsync(JsonNode.Parse(text)!["download_url"]!.GetValue<string>());
                if (TestImages.Sha256(downloaded) != TestImages.Sha256(bytes))
                    failures.Add($"afterwards the real image's bytes differ: SHA-256 {TestImages.Sha256(downloaded)}, uploaded {TestImages.Sha256(bytes)}");
            }
        }

        using (var response = await Http.GetAsync($"/images?user_id={owner}"))
        {
            var text = await response.Content.ReadAsStringAsync();
            var listed = response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(text) is JsonArray images
                ? images.Select(image => image!["image_id"]!.GetValue<string>()).ToList()
                : null;
            if (listed is null || !listed.SequenceEqual([imageId]))
                failures.Add($"afterwards GET /images?user_id={owner} → {(int)response.StatusCode}: {text} (expected exactly [{imageId}])");
        }

        return failures;
    }

    private sealed record Answer(HostileRequest Request, int Status, string? MediaType, string Body);
}
