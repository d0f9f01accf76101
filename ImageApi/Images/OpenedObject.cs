namespace CloudImageService.Images;

/// <summary>An object being read, from one GET: its description and its bytes. Disposing it ends the read.</summary>
public sealed class OpenedObject(StoredObject description, Stream body, IDisposable response) : IDisposable
{
    public StoredObject Description => description;

    public Stream Body => body;

    public void Dispose() => response.Dispose();
}
