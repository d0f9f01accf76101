namespace CloudImageService.Ingest;

/// <summary>
/// A decode waiting for a thread. Either the thread starts it or the waiter gives up on it, never both: a job given up
/// on is skipped when its turn comes, so no decode runs that nobody waits for.
/// </summary>
internal sealed class QueuedDecode
{
    private const int Waiting = 0, Started = 1, Abandoned = 2;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    /// <summary>On the decode thread: false when the waiter gave up, and the job must not run.</summary>
    public bool TryStart()
    {
        if (Interlocked.CompareExchange(ref _state, Started, Waiting) != Waiting) return false;
        _started.SetResult();
        return true;
    }

    /// <summary>True once a thread started the job; false when it did not within <paramref name="timeout"/> (the job is then abandoned).</summary>
    public async Task<bool> WaitForStartAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            await _started.Task.WaitAsync(timeout, clock, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            if (Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting)
            {
                if (exception is OperationCanceledException) throw;
                return false;
            }
            await _started.Task; // the thread took it at the last moment
            return true;
        }
    }
}
