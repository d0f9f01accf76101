using System.Text;
using BenchmarkDotNet.Attributes;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.DynamoDb;
using Microsoft.Extensions.Options;

namespace Benchmarks;

/// <summary>
/// The API's two DynamoDB calls per request (GetItem of one image; Query of a 20-item page), through the real
/// <see cref="ImageRepository"/> and the real SDK client configured as the API configures it, with the network
/// replaced by an HTTP handler that answers the bytes dynalite answers. What is left is the client side's CPU: the
/// floor the SDK sets under every request, whatever the storage. The bare <see cref="HttpClient"/> call on the same
/// handler shows how much of it is HTTP rather than the SDK.
/// </summary>
public class StorageCallBenchmarks
{
    private const string Table = "images";
    private readonly ImageRecord _image = Samples.Image();
    private ImageRepository _repository = null!;
    private HttpClient _bareHttp = null!;
    private ImageListRequest _page = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dynamoDb = new CannedDynamoDb(_image);
        _repository = new ImageRepository(dynamoDb.Client, Options.Create(new StorageOptions { TableName = Table }));
        _bareHttp = new HttpClient(dynamoDb.Handler, disposeHandler: false);
        _page = new ImageListRequest(new ImageListFilter("user-1234", null, null, null), 20, null);
    }

    [Benchmark(Description = "GetItem of one image (SDK + mapping)")]
    public Task<ImageRecord?> GetItem() => _repository.FindAsync(_image.ImageId, CancellationToken.None);

    [Benchmark(Description = "Query of a 20-item page (SDK + mapping)")]
    public Task<ImagePage> QueryPage() => _repository.ListAsync(_page, DateTime.UtcNow, CancellationToken.None);

    [Benchmark(Description = "bare HttpClient POST on the same handler")]
    public async Task<int> BareHttp()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4567/")
        {
            Content = new StringContent("""{"TableName":"images"}""", Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810.GetItem");
        using var response = await _bareHttp.SendAsync(request);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
