using System.Text.Json;
using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

/// <summary>The ADOT collector beside the API: what the app sends it and what it writes to CloudWatch.</summary>
public class TelemetryCollectorTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    private IReadOnlyList<JsonElement> Containers =>
        [.. stacks.Service.Properties("AWS::ECS::TaskDefinition").GetProperty("ContainerDefinitions").EnumerateArray()];

    private JsonElement Named(string name) => Assert.Single(Containers, container => container.GetProperty("Name").GetString() == name);

    private JsonElement Collector => Named(TelemetryCollector.ContainerName);

    private string Variable(JsonElement container, string name) => StackTemplate.Render(Assert.Single(
        container.GetProperty("Environment").EnumerateArray(), variable => variable.GetProperty("Name").GetString() == name).GetProperty("Value"));

    private string Config => Variable(Collector, "AOT_CONFIG_CONTENT");

    [Fact]
    public void The_API_sends_OTLP_to_the_collector_on_localhost_which_listens_on_loopback_only()
    {
        Assert.Equal("http://localhost:4317", Variable(Named(ApiTask.ContainerName), "OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Contains("endpoint: 127.0.0.1:4317", Config);
    }

    [Fact]
    public void The_collector_is_a_pinned_non_essential_read_only_container_with_a_memory_cap()
    {
        Assert.Equal(2, Containers.Count);
        Assert.StartsWith("public.ecr.aws/aws-observability/aws-otel-collector:v", Collector.GetProperty("Image").GetString());
        Assert.False(Collector.GetProperty("Essential").GetBoolean());
        Assert.True(Collector.GetProperty("ReadonlyRootFilesystem").GetBoolean());
        Assert.Equal(TelemetryCollector.MemoryMiB, Collector.GetProperty("Memory").GetInt32());
        Assert.True(Named(ApiTask.ContainerName).GetProperty("Essential").GetBoolean());
        Assert.False(Named(ApiTask.ContainerName).TryGetProperty("Memory", out _));
    }

    [Fact]
    public void Metrics_go_to_CloudWatch_under_the_namespace_the_alarms_read_through_the_API_log_group()
    {
        var logGroup = $"${{{stacks.Service.Single("AWS::Logs::LogGroup").LogicalId}}}";

        Assert.Contains($"namespace: {AppMetrics.Namespace}\n", Config);
        Assert.Contains($"log_group_name: {logGroup}\n", Config);
        Assert.Contains("exporters: [awsemf]", Config);
        Assert.Equal(logGroup, StackTemplate.Render(Collector.GetProperty("LogConfiguration").GetProperty("Options").GetProperty("awslogs-group")));
    }

    [Theory]
    [InlineData("ingest.confirmations", "[[outcome], []]")]
    [InlineData("ingest.refusals", "[[reason], []]")]
    [InlineData("ingest.duration", "[[]]")]
    [InlineData("ingest.decode.duration", "[[]]")]
    [InlineData("ingest.in_flight", "[[]]")]
    [InlineData("ingest.sweep.failures", "[[]]")]
    public void Each_app_metric_is_written_with_its_dimensions_and_its_total(string metric, string dimensions) =>
        Assert.Contains($"      - dimensions: {dimensions}\n        metric_name_selectors: ['^{metric.Replace(".", "\\.", StringComparison.Ordinal)}$']\n", Config);

    [Fact]
    public void Only_the_ingest_metrics_pass_and_the_first_value_of_a_counter_is_kept()
    {
        Assert.Contains("metric_names: [ingest.confirmations, ingest.refusals, ingest.duration, ingest.decode.duration, ingest.in_flight, ingest.sweep.failures]", Config);
        Assert.Contains("processors: [filter/app, batch]", Config);
        Assert.Contains("retain_initial_value_of_delta_metric: true", Config);
        Assert.Contains("dimension_rollup_option: NoDimensionRollup", Config);
    }

    [Fact]
    public void The_meter_is_the_one_the_app_publishes() =>
        Assert.Equal("CloudImageService.Ingest", AppMetrics.Meter);
}
