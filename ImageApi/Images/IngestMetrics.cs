using System.Diagnostics.Metrics;

namespace CloudImageService.Images;

/// <summary>
/// The service's own measurements of ingest (meter <see cref="MeterName"/>): what the Aspire dashboard shows locally
/// and the collector sidecar sends to CloudWatch on AWS. Names follow OpenTelemetry's conventions; durations are in
/// seconds and memory in bytes.
/// </summary>
public sealed class IngestMetrics
{
    public const string MeterName = IngestMetricNames.Meter;

    private readonly Counter<long> _confirmations;
    private readonly Counter<long> _refusals;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _decodeDuration;
    private readonly Histogram<long> _decodeMemory;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _sweepFailures;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _confirmations = meter.CreateCounter<long>(IngestMetricNames.Confirmations, "{confirmation}",
            "Confirmation runs by outcome: available, rejected, not_uploaded, gone, busy (refused at admission) or failed.");
        _refusals = meter.CreateCounter<long>(IngestMetricNames.Refusals, "{upload}",
            "Uploads refused by ingest, by reason (a short code; the full reason is in the record and the log).");
        _duration = meter.CreateHistogram<double>(IngestMetricNames.Duration, "s",
            "Time from a run's admission to its verdict: reading, hashing, decoding, thumbnails and storage calls.");
        _decodeDuration = meter.CreateHistogram<double>(IngestMetricNames.DecodeDuration, "s",
            "Time libvips spent decoding one image and making its thumbnails, by outcome.");
        _decodeMemory = meter.CreateHistogram<long>(IngestMetricNames.DecodeMemory, "By",
            "Memory a decode was estimated to hold before it was admitted (the figure checked against Ingest:DecodeMemoryBytes).");
        _inFlight = meter.CreateUpDownCounter<long>(IngestMetricNames.InFlight, "{confirmation}",
            "Confirmations running on this instance now; admission refuses beyond Ingest:MaxConcurrentDecodes + Ingest:MaxQueuedConfirmations.");
        _sweepFailures = meter.CreateCounter<long>(IngestMetricNames.SweepFailures, "{record}",
            "Abandoned uploads the sweeper failed to settle (each is retried later with backoff; the reason is in the log).");
    }

    public void Confirmed(string outcome) => _confirmations.Add(1, new KeyValuePair<string, object?>(IngestMetricNames.Outcome, outcome));

    public void Refused(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>(IngestMetricNames.Reason, reason));

    public void RunTook(TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds);

    public void DecodeTook(TimeSpan elapsed, bool valid) =>
        _decodeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(IngestMetricNames.Outcome, valid ? "valid" : "invalid"));

    public void DecodeAdmitted(long estimatedBytes) => _decodeMemory.Record(estimatedBytes);

    public void SweepFailed() => _sweepFailures.Add(1);

    /// <summary>Counts a run as in flight until the returned handle is disposed.</summary>
    public IDisposable Running()
    {
        _inFlight.Add(1);
        return new Leaving(_inFlight);
    }

    private sealed class Leaving(UpDownCounter<long> inFlight) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) inFlight.Add(-1);
        }
    }
}
