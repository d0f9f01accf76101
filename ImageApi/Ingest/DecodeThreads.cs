using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// A fixed set of threads that run decodes, so that a burst of confirmations never takes the thread pool that serves
/// requests. Work waits in order; how much may wait is bounded by <see cref="IngestAdmission"/> before any byte is read.
/// </summary>
public sealed class DecodeThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread[] _threads;

    public DecodeThreads(IOptions<IngestOptions> options)
    {
        _threads = new Thread[options.Value.DecodeThreads];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"decode-{i + 1}" };
            _threads[i].Start();
        }
    }

    public int Count => _threads.Length;

    /// <summary>Runs <paramref name="decode"/> on a decode thread; the task completes when it has returned.</summary>
    public Task<T> RunAsync<T>(Func<T> decode)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(decode());
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        });
        return done.Task;
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    public void Dispose() => _work.CompleteAdding();
}
