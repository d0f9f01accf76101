using System.Net;
using System.Text.Json;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;

namespace Benchmarks;

/// <summary>
/// A DynamoDB client configured as the API configures it (AwsClientFactory), whose HTTP handler answers what dynalite
/// answers for the API's calls (GetItem of <c>image</c>, a 20-item Query page with a next key, PutItem and
/// UpdateItem), without a network: what remains is the client side's own work.
/// </summary>
internal sealed class CannedDynamoDb
{
    public CannedDynamoDb(ImageRecord image)
    {
        var page = Enumerable.Range(0, 20).Select(i => ImageItemMapper.ToItem(Samples.Image(i))).ToList();
        var lastKey = new Dictionary<string, AttributeValue>
        {
            [ImageStoreSchema.ImageId] = page[^1][ImageStoreSchema.ImageId],
            [ImageStoreSchema.UserId] = page[^1][ImageStoreSchema.UserId],
            [ImageStoreSchema.UploadTime] = page[^1][ImageStoreSchema.UploadTime],
        };
        Handler = new CannedDynamoDbHandler(DynamoJson.Object("Item", ImageItemMapper.ToItem(image)), DynamoJson.Page(page, lastKey));
        var aws = new Amazon.Extensions.NETCore.Setup.AWSOptions
        {
            Region = RegionEndpoint.USEast1,
            Credentials = new BasicAWSCredentials("test", "test"),
        };
        var config = AwsClientFactory.CreateDynamoDbConfig(aws, new StorageOptions(), "http://127.0.0.1:4567");
        config.HttpClientFactory = new HandlerHttpClientFactory(Handler);
        Client = new AmazonDynamoDBClient(aws.Credentials, config);
    }

    public HttpMessageHandler Handler { get; }

    public IAmazonDynamoDB Client { get; }
}

internal sealed class HandlerHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}

/// <summary>Answers like dynalite: the operation's JSON body, a request id and a date.</summary>
internal sealed class CannedDynamoDbHandler(byte[] getItem, byte[] query) : HttpMessageHandler
{
    private static readonly byte[] Empty = "{}"u8.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null) await request.Content.CopyToAsync(Stream.Null, cancellationToken);
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
        var body = target[(target.IndexOf('.') + 1)..] switch
        {
            "Query" => query,
            "GetItem" => getItem,
            _ => Empty,
        };
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/x-amz-json-1.0" } } },
            RequestMessage = request,
        };
        response.Headers.Date = DateTimeOffset.UtcNow;
        response.Headers.Add("x-amzn-RequestId", "8d3f2a1c-0000-4000-8000-000000000000");
        return response;
    }
}

/// <summary>DynamoDB's wire JSON for items made by <see cref="ImageItemMapper"/> (S, N and L values).</summary>
internal static class DynamoJson
{
    public static byte[] Object(string property, Dictionary<string, AttributeValue> item) => Write(writer =>
    {
        writer.WritePropertyName(property);
        Item(writer, item);
    });

    public static byte[] Page(IEnumerable<Dictionary<string, AttributeValue>> items, Dictionary<string, AttributeValue> lastKey) => Write(writer =>
    {
        var list = items.ToList();
        writer.WriteNumber("Count", list.Count);
        writer.WriteNumber("ScannedCount", list.Count);
        writer.WriteStartArray("Items");
        foreach (var item in list) Item(writer, item);
        writer.WriteEndArray();
        writer.WritePropertyName("LastEvaluatedKey");
        Item(writer, lastKey);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void Item(Utf8JsonWriter writer, Dictionary<string, AttributeValue> item)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in item)
        {
            writer.WritePropertyName(name);
            Value(writer, value);
        }
        writer.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        if (value.S is not null) writer.WriteString("S", value.S);
        else if (value.N is not null) writer.WriteString("N", value.N);
        else
        {
            writer.WriteStartArray("L");
            foreach (var element in value.L ?? []) Value(writer, element);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
