using System.Text.Json;
using CloudImageService.Infra.Service;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Infra.Tests;

public sealed class AlertedService() : SynthesizedService(new Dictionary<string, object>
{
    [ServiceContext.AlarmEmailKey] = Email,
})
{
    public const string Email = "ops@example.com";
}

/// <summary>Alarms on the load balancer, DynamoDB and the API's own metrics, all sent to one SNS topic.</summary>
public class AlarmTests(AlertedService stacks) : IClassFixture<AlertedService>
{
    private IReadOnlyList<JsonElement> Alarms =>
        [.. stacks.Service.Resources("AWS::CloudWatch::Alarm").Select(alarm => alarm.Resource.GetProperty("Properties"))];

    private string TopicRef => $"${{{stacks.Service.Single("AWS::SNS::Topic").LogicalId}}}";

    /// <summary>Every metric an alarm reads, as namespace/name, with its dimensions and statistic.</summary>
    private static IEnumerable<(string Metric, string[] Dimensions, string? Stat)> MetricsOf(JsonElement alarm)
    {
        if (alarm.TryGetProperty("MetricName", out var name))
        {
            var stat = alarm.TryGetProperty("ExtendedStatistic", out var extended) ? extended.GetString() : alarm.GetProperty("Statistic").GetString();
            return [($"{alarm.GetProperty("Namespace").GetString()}/{name.GetString()}", DimensionNames(alarm), stat)];
        }
        return alarm.GetProperty("Metrics").EnumerateArray()
            .Where(query => query.TryGetProperty("MetricStat", out _))
            .Select(query =>
            {
                var metric = query.GetProperty("MetricStat").GetProperty("Metric");
                return ($"{metric.GetProperty("Namespace").GetString()}/{metric.GetProperty("MetricName").GetString()}",
                    DimensionNames(metric), query.GetProperty("MetricStat").GetProperty("Stat").GetString());
            });
    }

    private static string[] DimensionNames(JsonElement metric) =>
        metric.TryGetProperty("Dimensions", out var dimensions)
            ? [.. dimensions.EnumerateArray().Select(dimension => dimension.GetProperty("Name").GetString()!).Order()]
            : [];

    private JsonElement AlarmReading(string metric) =>
        Assert.Single(Alarms, alarm => MetricsOf(alarm).Any(read => read.Metric == metric));

    [Fact]
    public void Every_alarm_notifies_the_topic_when_it_fires_and_when_it_clears_and_no_traffic_is_no_alarm() =>
        Assert.All(Alarms, alarm =>
        {
            Assert.Equal([TopicRef], alarm.GetProperty("AlarmActions").EnumerateArray().Select(StackTemplate.Render));
            Assert.Equal([TopicRef], alarm.GetProperty("OKActions").EnumerateArray().Select(StackTemplate.Render));
            Assert.Equal("notBreaching", alarm.GetProperty("TreatMissingData").GetString());
        });

    [Fact]
    public void The_email_from_context_subscribes_to_the_topic()
    {
        var subscription = stacks.Service.Properties("AWS::SNS::Subscription");

        Assert.Equal("email", subscription.GetProperty("Protocol").GetString());
        Assert.Equal(AlertedService.Email, subscription.GetProperty("Endpoint").GetString());
        Assert.Equal(TopicRef, StackTemplate.Render(subscription.GetProperty("TopicArn")));
    }

    [Fact]
    public void The_5xx_rate_counts_the_tasks_and_the_load_balancers_errors_against_all_requests()
    {
        var alarm = AlarmReading("AWS/ApplicationELB/HTTPCode_Target_5XX_Count");

        Assert.Equal(
            ["AWS/ApplicationELB/HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB/HTTPCode_Target_5XX_Count", "AWS/ApplicationELB/RequestCount"],
            MetricsOf(alarm).Select(read => read.Metric).Order());
        Assert.Equal(ServiceAlarms.ServerErrorPercent, alarm.GetProperty("Threshold").GetDouble());
        Assert.Contains("100 *", Assert.Single(alarm.GetProperty("Metrics").EnumerateArray(),
            query => query.TryGetProperty("Expression", out _)).GetProperty("Expression").GetString());
    }

    [Fact]
    public void The_p99_of_target_response_time_is_watched()
    {
        var alarm = AlarmReading("AWS/ApplicationELB/TargetResponseTime");

        Assert.Equal("p99", alarm.GetProperty("ExtendedStatistic").GetString());
        Assert.Equal(ServiceAlarms.ResponseTimeP99Seconds, alarm.GetProperty("Threshold").GetDouble());
    }

    [Fact]
    public void An_unhealthy_task_raises_an_alarm() =>
        Assert.Equal(1, AlarmReading("AWS/ApplicationELB/UnHealthyHostCount").GetProperty("Threshold").GetDouble());

    [Fact]
    public void DynamoDB_throttles_of_the_table_and_each_index_are_summed()
    {
        var reads = MetricsOf(AlarmReading("AWS/DynamoDB/WriteThrottleEvents"))
            .Select(read => $"{read.Metric} {string.Join(',', read.Dimensions)} {read.Stat}").ToList();

        Assert.Contains("AWS/DynamoDB/ReadThrottleEvents TableName Sum", reads);
        Assert.Contains("AWS/DynamoDB/WriteThrottleEvents TableName Sum", reads);
        Assert.Equal(ImageStoreSchema.Table.GlobalSecondaryIndexes.Count,
            reads.Count(read => read == "AWS/DynamoDB/ReadThrottleEvents GlobalSecondaryIndexName,TableName Sum"));
    }

    [Fact]
    public void Ingest_refusals_and_duration_are_read_from_the_app_metrics_totals()
    {
        var refusals = MetricsOf(AlarmReading($"{AppMetrics.Namespace}/{AppMetrics.Refusals}")).ToList();
        var duration = Assert.Single(MetricsOf(AlarmReading($"{AppMetrics.Namespace}/{AppMetrics.Duration}")));

        Assert.Equal(
            ["CloudImageService/ingest.confirmations Sum", "CloudImageService/ingest.refusals Sum"],
            refusals.Select(read => $"{read.Metric} {read.Stat}").Order());
        Assert.All(refusals, read => Assert.Empty(read.Dimensions));
        Assert.Equal(("CloudImageService/ingest.duration", "Average"), (duration.Metric, duration.Stat));
        Assert.Empty(duration.Dimensions);
    }

    [Fact]
    public void Any_record_the_sweeper_could_not_settle_in_15_minutes_raises_an_alarm()
    {
        var alarm = AlarmReading($"{AppMetrics.Namespace}/{AppMetrics.SweepFailures}");
        var read = Assert.Single(MetricsOf(alarm));

        Assert.Equal(("CloudImageService/ingest.sweep.failures", "Sum"), (read.Metric, read.Stat));
        Assert.Empty(read.Dimensions);
        Assert.Equal(900, alarm.GetProperty("Period").GetInt32());
        Assert.Equal(1, alarm.GetProperty("EvaluationPeriods").GetInt32());
        Assert.Equal(1, alarm.GetProperty("Threshold").GetDouble());
        Assert.Equal("GreaterThanOrEqualToThreshold", alarm.GetProperty("ComparisonOperator").GetString());
    }

    [Fact]
    public void Seven_alarms_and_one_topic() =>
        Assert.Equal((7, 1), (Alarms.Count, stacks.Service.Resources("AWS::SNS::Topic").Count()));
}

/// <summary>Without <c>-c alarmEmail</c> the topic exists with no subscriber.</summary>
public class AlarmTopicWithoutEmailTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    [Fact]
    public void The_topic_is_always_created_and_its_ARN_is_an_output()
    {
        var (topicId, _) = stacks.Service.Single("AWS::SNS::Topic");

        Assert.Empty(stacks.Service.Resources("AWS::SNS::Subscription"));
        Assert.Equal($"${{{topicId}}}", StackTemplate.Render(stacks.Service.Json.GetProperty("Outputs")
            .GetProperty(ImageServiceStack.AlarmTopicOutput).GetProperty("Value")));
    }

    [Theory]
    [InlineData("ops")]
    [InlineData("ops@example.com, dev@example.com")]
    public void An_alarm_email_that_is_not_one_address_is_refused(string email)
    {
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps
        {
            Context = new Dictionary<string, object>
            {
                [ServiceContext.JwtIssuerKey] = "https://issuer.example",
                [ServiceContext.JwtAudienceKey] = "a",
                [ServiceContext.AllowHttpKey] = "true",
                [ServiceContext.AlarmEmailKey] = email,
            }
        });

        Assert.Contains("alarmEmail", Assert.Throws<ArgumentException>(() => ServiceContext.From(app.Node)).Message);
    }
}
