namespace CloudImageService.Images;

/// <summary>
/// The names of the ingest meter, its instruments and their tags: the API publishes them (<c>IngestMetrics</c>),
/// the CDK app's collector and alarms select them (this file is linked into Infra.Cdk), so a rename reaches both.
/// </summary>
public static class IngestMetricNames
{
    public const string Meter = "CloudImageService.Ingest";

    public const string Confirmations = "ingest.confirmations";
    public const string Outcome = "outcome";
    public const string Refusals = "ingest.refusals";
    public const string Reason = "reason";
    public const string Duration = "ingest.duration";
    public const string DecodeDuration = "ingest.decode.duration";
    public const string DecodeMemory = "ingest.decode.memory";
    public const string InFlight = "ingest.in_flight";
    public const string SweepFailures = "ingest.sweep.failures";
}
