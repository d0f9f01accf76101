using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadBenchmark;

public sealed record UploadTicket(
    [property: JsonPropertyName("image_id")] string ImageId,
    [property: JsonPropertyName("upload_url")] Uri UploadUrl,
    [property: JsonPropertyName("upload_headers")] Dictionary<string, string> UploadHeaders);

/// <summary>The few calls seeding and the confirmation benchmark make, as a client of the API would make them.</summary>
public sealed class ImageApiClient(HttpClient http)
{
    public static string UploadBody(string userId, long? sizeBytes = null, string contentType = "image/png") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["user_id"] = userId,
            ["content_type"] = contentType,
            ["tags"] = new[] { "benchmark", "seed" },
            ["description"] = "A seeded image of the load benchmark",
            ["size_bytes"] = sizeBytes,
        });

    public async Task<UploadTicket> CreateUploadAsync(string userId, long? sizeBytes = null, string contentType = "image/png")
    {
        using var content = new StringContent(UploadBody(userId, sizeBytes, contentType), MediaTypeHeaderValue.Parse("application/json"));
        using var response = await http.PostAsync("images/upload", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<UploadTicket>())!;
    }

    /// <summary>PUTs the bytes to S3 through the presigned URL, with exactly the headers the API asked for.</summary>
    public async Task PutBytesAsync(UploadTicket ticket, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ticket.UploadHeaders["Content-Type"]);
        using var response = await http.PutAsync(ticket.UploadUrl, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT to S3: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The status and body of a confirmation, whatever it answers.</summary>
    public async Task<(int Status, string Body)> TryCompleteAsync(string imageId)
    {
        using var response = await http.PostAsync($"images/{imageId}/complete", content: null);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Confirms, retrying as a client should when the API says busy (429 or 503 with Retry-After).</summary>
    public async Task CompleteAsync(string imageId)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsync($"images/{imageId}/complete", content: null);
            if (response.IsSuccessStatusCode) return;
            var busy = response.StatusCode is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable;
            if (busy && attempt < 100 && response.Headers.RetryAfter?.Delta is { } wait)
            {
                await Task.Delay(wait);
                continue;
            }
            throw new HttpRequestException($"complete {imageId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1 on <paramref name="parallelism"/> workers.</summary>
    public static Task ForEachAsync(int count, int parallelism, Func<int, Task> work)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next)) await work(i);
        })));
    }
}
