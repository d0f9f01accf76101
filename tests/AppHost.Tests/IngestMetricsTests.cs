namespace AppHost.Tests;

/// <summary>
/// The API's own ingest instruments reach an OTLP receiver (the Aspire dashboard locally, the collector sidecar on
/// AWS): a confirmation and a refusal, with the refusal's reason as a tag; with traces and logs turned off, as the
/// task definition turns them off for the metrics-only collector, nothing else is sent.
/// </summary>
[Collection(SecuredCollection.Name)]
public class IngestMetricsTests(SecuredFixture service)
{
    [Fact]
    public async Task Confirmations_refusals_by_reason_and_decode_times_are_exported_over_otlp()
    {
        await service.OwnImageAsync("metrics-user");
        var token = service.Token("metrics-user");
        using var response = await service.SendAsync(HttpMethod.Post, "/images/upload", token, new { content_type = "image/png" });
        var upload = await ImageApiClient.ReadObjectAsync(response);
        (await service.PutAsync(upload["upload_url"]!.GetValue<string>(), TestImages.Jpeg(), "image/png")).Dispose();
        using var refused = await service.SendAsync(HttpMethod.Post, $"/images/{upload["image_id"]}/complete", token);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        string[] expected = ["CloudImageService.Ingest", "ingest.confirmations", "available", "rejected", "ingest.refusals",
            "wrong_type", "ingest.duration", "ingest.decode.duration", "ingest.decode.memory", "ingest.in_flight"];
        var deadline = DateTime.UtcNow.AddSeconds(60); // the export runs every 0.5 s: only a hang waits this long
        while (!expected.All(service.Telemetry.MetricsContain) && DateTime.UtcNow < deadline) await Task.Delay(200);

        var missing = expected.Where(text => !service.Telemetry.MetricsContain(text)).ToList();
        Assert.True(missing.Count == 0, "Not exported: " + string.Join(", ", missing));
        Assert.Empty(service.Telemetry.OtherSignals); // OTEL_TRACES_EXPORTER and OTEL_LOGS_EXPORTER are none

    }
}
