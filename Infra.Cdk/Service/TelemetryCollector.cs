using System.Globalization;
using System.Text;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <param name="Task">The task the collector joins: it shares the API container's network (localhost) and task role.</param>
/// <param name="Logs">
/// The API's log group: the collector's own lines go there under their own stream prefix, and so do the EMF records
/// CloudWatch extracts the metrics from (stream <c>MetricStream</c>).
/// </param>
public sealed record TelemetryCollectorProps(FargateTaskDefinition Task, ILogGroup Logs);

/// <summary>
/// An AWS Distro for OpenTelemetry collector beside the API: it receives the API's OpenTelemetry metrics over OTLP on
/// localhost and writes them to CloudWatch as embedded metric format (<see cref="AppMetrics"/>), so the API publishes
/// exactly what the Aspire dashboard shows locally. Not essential: if it stops, metrics stop and requests go on.
/// </summary>
public sealed class TelemetryCollector : Construct
{
    public const string ContainerName = "otel-collector";
    public const string Image = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0";

    /// <summary>
    /// The image names no user, so it would run as root, with the task role's access to the bucket. The collector only
    /// reads world-readable files (its configuration comes from <see cref="ConfigVariable"/>), writes none and listens
    /// above port 1024, so any unprivileged uid and gid will do.
    /// </summary>
    public const string NonRootUser = "10001:10001";

    /// <summary>
    /// Hard limit (it uses far less). The API container has no limit of its own: it shares the task's memory, as its
    /// decode budget assumes, and its measured peak under hostile input (995 MB of 2048 MiB) leaves room for this.
    /// </summary>
    public const int MemoryMiB = 256;

    /// <summary>Where the API sends OTLP (gRPC); the collector listens on the loopback interface only.</summary>
    public const string OtlpEndpoint = "http://localhost:4317";

    /// <summary>The collector reads its whole configuration from this variable (ADOT).</summary>
    public const string ConfigVariable = "AOT_CONFIG_CONTENT";

    public const string MetricStream = "otel-metrics";

    public TelemetryCollector(Construct scope, string id, TelemetryCollectorProps props) : base(scope, id)
    {
        // The task role's only grant beyond the storage policy: CreateLogStream and PutLogEvents on this log group.
        props.Logs.GrantWrite(props.Task.TaskRole);

        Container = props.Task.AddContainer(ContainerName, new ContainerDefinitionOptions
        {
            Image = ContainerImage.FromRegistry(Image),
            Essential = false,
            MemoryLimitMiB = MemoryMiB,
            ReadonlyRootFilesystem = true,
            User = NonRootUser,
            Environment = new Dictionary<string, string> { [ConfigVariable] = Config(props.Logs.LogGroupName) },
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps
            {
                LogGroup = props.Logs,
                StreamPrefix = ContainerName,
                Mode = AwsLogDriverMode.NON_BLOCKING,
            }),
        });
    }

    public ContainerDefinition Container { get; }

    /// <summary>
    /// OTLP metrics in, EMF out, nothing else. Only the metrics of <see cref="AppMetrics.Dimensions"/> pass (the API's
    /// ASP.NET Core and runtime metrics would otherwise fill the log group). Cumulative counters become deltas; the first
    /// value of each series is kept, since a refusal may be the first of its reason.
    /// </summary>
    public static string Config(string logGroupName)
    {
        var yaml = new StringBuilder($"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:4317
            processors:
              filter/app:
                metrics:
                  include:
                    match_type: strict
                    metric_names: [{string.Join(", ", AppMetrics.Dimensions.Keys)}]
              batch:
                timeout: 10s
            exporters:
              awsemf:
                namespace: {AppMetrics.Namespace}
                log_group_name: {logGroupName}
                log_stream_name: {MetricStream}
                dimension_rollup_option: NoDimensionRollup
                retain_initial_value_of_delta_metric: true
                metric_declarations:

            """);
        foreach (var (metric, dimensions) in AppMetrics.Dimensions)
        {
            var sets = string.Join(", ", dimensions.Select(set => $"[{string.Join(", ", set)}]"));
            yaml.Append(CultureInfo.InvariantCulture, $"      - dimensions: [{sets}]\n");
            yaml.Append(CultureInfo.InvariantCulture, $"        metric_name_selectors: ['^{metric.Replace(".", "\\.", StringComparison.Ordinal)}$']\n");
        }
        yaml.Append("""
            service:
              pipelines:
                metrics:
                  receivers: [otlp]
                  processors: [filter/app, batch]
                  exporters: [awsemf]

            """);
        return yaml.ToString();
    }
}
