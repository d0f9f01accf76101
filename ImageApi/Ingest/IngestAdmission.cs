using System.Threading.RateLimiting;
using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// Bounds the confirmations an instance runs (decoding or waiting for a decode thread), and those of any one caller,
/// so that a burst is refused with a retry hint before any byte is read instead of queueing without end.
/// </summary>
public sealed class IngestAdmission(IOptions<IngestOptions> options) : IConfirmationAdmission, IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.DecodeThreads + options.Value.MaxQueuedConfirmations);
    private readonly PartitionedRateLimiter<string> _perCaller = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxConfirmationsPerCaller,
            QueueLimit = 0,
        }));

    /// <summary>A slot for one confirmation, or why there is none.</summary>
    public ConfirmationAdmission TryEnter(string caller)
    {
        var lease = _perCaller.AttemptAcquire(caller);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return new ConfirmationAdmission.CallerBusy(options.Value.MaxConfirmationsPerCaller);
        }
        if (!_slots.Wait(0))
        {
            lease.Dispose();
            return new ConfirmationAdmission.Full();
        }
        return new ConfirmationAdmission.Admitted(new Slot(this, lease));
    }

    public void Dispose()
    {
        _perCaller.Dispose();
        _slots.Dispose();
    }

    private sealed class Slot(IngestAdmission owner, RateLimitLease lease) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            owner._slots.Release();
            lease.Dispose();
        }
    }
}
