using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using CloudImageService.Storage.Schema;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <param name="AlarmEmail">Subscribed to the topic (AWS sends a confirmation mail first); null: subscribe yourself.</param>
public sealed record ServiceAlarmsProps(
    IApplicationLoadBalancer LoadBalancer, IApplicationTargetGroup TargetGroup, ITable Table, string? AlarmEmail);

/// <summary>
/// Alarms on what users feel (server errors, slow answers, tasks failing their health check), on DynamoDB throttling
/// and on ingest's own metrics (<see cref="AppMetrics"/>), all sent to one SNS topic when they fire and when they
/// clear. No traffic is no data, which is not an alarm.
/// </summary>
public sealed class ServiceAlarms : Construct
{
    /// <summary>Server errors (the API's and the load balancer's) as a share of requests, over 5 minutes.</summary>
    public const double ServerErrorPercent = 5;

    /// <summary>Below this many requests in 5 minutes the error share says little: no alarm.</summary>
    public const int MinRequestsForErrorRate = 20;

    /// <summary>p99 of the time the tasks take to answer; confirmations take seconds, everything else milliseconds.</summary>
    public const double ResponseTimeP99Seconds = 3;

    /// <summary>Refused confirmations as a share of all, over 15 minutes with at least 10 confirmations.</summary>
    public const double RefusalPercent = 25;

    /// <summary>Average confirmation time over 5 minutes, three times in a row (one takes about a second; the budget is 60).</summary>
    public const double IngestAverageSeconds = 10;

    /// <summary>Records the sweeper failed to settle in 15 minutes: one is enough (it retries, but one that keeps failing is stuck).</summary>
    public const int UnsettledRecords = 1;

    /// <summary>Throttled DynamoDB reads and writes (table and indexes) in 5 minutes.</summary>
    public const int ThrottleEvents = 10;

    public ServiceAlarms(Construct scope, string id, ServiceAlarmsProps props) : base(scope, id)
    {
        Topic = new Topic(this, "Topic", new TopicProps { DisplayName = "Cloud Image Service alarms" });
        if (props.AlarmEmail is { } email) Topic.AddSubscription(new EmailSubscription(email));

        var fiveMinutes = Duration.Minutes(5);
        var requests = props.LoadBalancer.Metrics.RequestCount(new MetricOptions { Period = fiveMinutes });
        ServerErrors = Alarm("ServerErrors", "5xx from the tasks or the load balancer above 5 % of requests", new MathExpression(new MathExpressionProps
        {
            Label = "5xx, % of requests",
            Expression = $"IF(requests >= {MinRequestsForErrorRate}, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["requests"] = requests,
                ["target5xx"] = props.LoadBalancer.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, new MetricOptions { Period = fiveMinutes }),
                ["elb5xx"] = props.LoadBalancer.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, new MetricOptions { Period = fiveMinutes }),
            },
            Period = fiveMinutes,
        }), ServerErrorPercent, evaluationPeriods: 2);

        SlowResponses = Alarm("SlowResponses", "p99 target response time above 3 s",
            props.TargetGroup.Metrics.TargetResponseTime(new MetricOptions { Statistic = "p99", Period = fiveMinutes }),
            ResponseTimeP99Seconds, evaluationPeriods: 3);

        UnhealthyTasks = Alarm("UnhealthyTasks", "a task fails the load balancer's health check (/alive)",
            props.TargetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(1) }),
            1, evaluationPeriods: 3);

        var throttles = new Dictionary<string, IMetric>
        {
            ["tableReads"] = Throttled(props.Table, "ReadThrottleEvents", index: null),
            ["tableWrites"] = Throttled(props.Table, "WriteThrottleEvents", index: null),
        };
        foreach (var (index, i) in ImageStoreSchema.Table.GlobalSecondaryIndexes.Select((index, i) => (index, i)))
        {
            throttles[$"index{i}Reads"] = Throttled(props.Table, "ReadThrottleEvents", index.Name);
        }
        DynamoDbThrottles = Alarm("DynamoDbThrottles", "DynamoDB throttled reads or writes of the table or its indexes", new MathExpression(new MathExpressionProps
        {
            Label = "throttle events",
            Expression = string.Join(" + ", throttles.Keys.Select(key => $"FILL({key}, 0)")),
            UsingMetrics = throttles,
            Period = fiveMinutes,
        }), ThrottleEvents, evaluationPeriods: 1);

        var fifteenMinutes = Duration.Minutes(15);
        IngestRefusals = Alarm("IngestRefusals", "more than 25 % of confirmations refused (by reason: metric ingest.refusals)", new MathExpression(new MathExpressionProps
        {
            Label = "refused, % of confirmations",
            Expression = "IF(confirmations >= 10, 100 * FILL(refusals, 0) / confirmations, 0)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["confirmations"] = AppMetric(AppMetrics.Confirmations, "Sum", fifteenMinutes),
                ["refusals"] = AppMetric(AppMetrics.Refusals, "Sum", fifteenMinutes),
            },
            Period = fifteenMinutes,
        }), RefusalPercent, evaluationPeriods: 1);

        SlowIngest = Alarm("SlowIngest", "confirmations take 10 s on average for 15 minutes",
            AppMetric(AppMetrics.Duration, "Average", fiveMinutes), IngestAverageSeconds, evaluationPeriods: 3);

        SweepFailures = Alarm("SweepFailures", "the sweeper could not settle a record in 15 minutes (metric ingest.sweep.failures)",
            AppMetric(AppMetrics.SweepFailures, "Sum", fifteenMinutes), UnsettledRecords, evaluationPeriods: 1);
    }

    public Topic Topic { get; }
    public Alarm ServerErrors { get; }
    public Alarm SlowResponses { get; }
    public Alarm UnhealthyTasks { get; }
    public Alarm DynamoDbThrottles { get; }
    public Alarm IngestRefusals { get; }
    public Alarm SlowIngest { get; }
    public Alarm SweepFailures { get; }

    /// <summary>An app metric's total, over every value of its dimensions (the collector writes that set too).</summary>
    private static Metric AppMetric(string name, string statistic, Duration period) => new(new MetricProps
    {
        Namespace = AppMetrics.Namespace,
        MetricName = name,
        Statistic = statistic,
        Period = period,
    });

    private static Metric Throttled(ITable table, string metric, string? index) => new Metric(new MetricProps
    {
        Namespace = "AWS/DynamoDB",
        MetricName = metric,
        DimensionsMap = index is null
            ? new Dictionary<string, string> { ["TableName"] = table.TableName }
            : new Dictionary<string, string> { ["TableName"] = table.TableName, ["GlobalSecondaryIndexName"] = index },
        Statistic = "Sum",
        Period = Duration.Minutes(5),
    });

    private Alarm Alarm(string id, string description, IMetric metric, double threshold, int evaluationPeriods)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = $"Cloud Image Service: {description}",
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = evaluationPeriods,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(Topic));
        alarm.AddOkAction(new SnsAction(Topic));
        return alarm;
    }
}
