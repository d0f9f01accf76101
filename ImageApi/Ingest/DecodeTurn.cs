namespace CloudImageService.Ingest;

/// <summary>
/// A decode whose thread has taken it and waits for the word to start (<see cref="DecodeAsync"/>), or the outcome
/// that ended it before any thread did (<see cref="Ended"/>: a type that cannot be decoded, or no thread free in time).
/// Whatever its owner does between taking the turn and decoding (recording the attempt) happens while the thread is
/// held for this image alone. Disposing it without decoding lets the thread go.
/// </summary>
public sealed class DecodeTurn : IDisposable
{
    private readonly TaskCompletionSource<bool> _go = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<Task<ProcessedImage>>? _verdict;

    internal DecodeTurn()
    {
    }

    internal DecodeTurn(ProcessedImage ended) => End(ended);

    /// <summary>Why no thread waits (nothing was decoded); null when one does.</summary>
    public ProcessedImage? Ended { get; private set; }

    /// <summary>Lets the waiting thread decode, and waits for its verdict.</summary>
    public Task<ProcessedImage> DecodeAsync()
    {
        if (_verdict is null || Ended is not null) throw new InvalidOperationException("No decode thread waits for this image.");
        if (!_go.TrySetResult(true)) throw new InvalidOperationException("This decode was started or let go already.");
        return _verdict();
    }

    public void Dispose() => _go.TrySetResult(false);

    /// <summary>On the decode thread, once it took the job: true when told to decode, false when let go.</summary>
    internal bool WaitForWord() => _go.Task.GetAwaiter().GetResult();

    internal void Taken(Func<Task<ProcessedImage>> verdict) => _verdict = verdict;

    internal void End(ProcessedImage outcome)
    {
        Ended = outcome;
        _go.TrySetResult(false);
    }
}
