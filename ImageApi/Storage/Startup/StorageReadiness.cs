namespace CloudImageService.Storage.Startup;

/// <summary>Set once the initializer has made sure the bucket and table exist; readiness stays unhealthy until then.</summary>
public sealed class StorageReadiness : Images.IStoreReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public string? LastError { get; set; }

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void MarkReady()
    {
        LastError = null;
        _ready.TrySetResult();
    }
}
