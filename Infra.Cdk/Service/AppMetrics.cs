using CloudImageService.Images;


namespace CloudImageService.Infra.Service;

/// <summary>
/// The ImageApi's own metrics as CloudWatch shows them, named by the API's <see cref="IngestMetricNames"/>. The API
/// publishes them with System.Diagnostics.Metrics (meter <see cref="Meter"/>) through OpenTelemetry to the
/// <see cref="TelemetryCollector"/>, which writes them to CloudWatch under <see cref="Namespace"/> with the
/// OpenTelemetry names and the dimensions named here; the alarms use the same.
/// </summary>
public static class AppMetrics
{
    public const string Namespace = "CloudImageService";
    public const string Meter = IngestMetricNames.Meter;

    /// <summary>Counter: confirmations that ended, by <see cref="Outcome"/> (available, rejected, not_uploaded, gone, busy, failed).</summary>
    public const string Confirmations = IngestMetricNames.Confirmations;
    public const string Outcome = IngestMetricNames.Outcome;

    /// <summary>Counter: refused confirmations, by <see cref="Reason"/>.</summary>
    public const string Refusals = IngestMetricNames.Refusals;
    public const string Reason = IngestMetricNames.Reason;

    /// <summary>Histogram, seconds: a confirmation end to end, and its decode.</summary>
    public const string Duration = IngestMetricNames.Duration;
    public const string DecodeDuration = IngestMetricNames.DecodeDuration;

    /// <summary>Up-down counter: confirmations running now.</summary>
    public const string InFlight = IngestMetricNames.InFlight;

    /// <summary>Counter: records the sweeper could not settle (each is tried again later).</summary>
    public const string SweepFailures = IngestMetricNames.SweepFailures;

    /// <summary>
    /// Each metric's dimension sets; the empty set is the total over all values. Attributes not named here do not
    /// become dimensions, so a new tag in the app cannot multiply CloudWatch metrics (each costs $0.30 a month).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[][]> Dimensions = new Dictionary<string, string[][]>
    {
        [Confirmations] = [[Outcome], []],
        [Refusals] = [[Reason], []],
        [Duration] = [[]],
        [DecodeDuration] = [[]],
        [InFlight] = [[]],
        [SweepFailures] = [[]],
    };
}
