namespace CloudImageService.Images;

/// <summary>Completes once storage answered at start-up; background work waits for it instead of logging failures.</summary>
public interface IStoreReadiness
{
    Task WaitAsync(CancellationToken cancellationToken);
}
