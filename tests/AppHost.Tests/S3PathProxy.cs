using System.Net;

namespace AppHost.Tests;

/// <summary>
/// A pass-through to s3rver on a loopback port that behaves like a slow or broken path to S3 for the calls in which S3
/// works through a whole object: it holds copies and multipart completions back for <see cref="Delay"/>, and can lose
/// the answer to a completion after s3rver has done it (S3's InternalError in its place: S3 documents that completions
/// may fail so and are to be retried). Requests keep their Host header, so SigV4 signatures made for the proxy's address
/// verify at s3rver.
/// </summary>
public sealed class S3PathProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Expect", "Host", "Content-Length",
    };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _s3 = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly Uri _target;
    private int _heldBack;
    private int _lostAnswers;
    private int _answersToLose;

    public S3PathProxy(Uri s3rver)
    {
        _target = s3rver;
        Endpoint = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(() => Loopback.ServeAsync(_listener, context => { _ = Task.Run(() => ForwardAsync(context)); return Task.CompletedTask; }));
    }

    public Uri Endpoint { get; }

    /// <summary>How long copies and multipart completions are held back before they reach s3rver.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Copies and completions held back so far.</summary>
    public int HeldBack => Volatile.Read(ref _heldBack);

    /// <summary>Completions that s3rver did but whose answer the client never got.</summary>
    public int LostAnswers => Volatile.Read(ref _lostAnswers);

    /// <summary>Requests this matches are answered 403 AccessDenied, as S3 answers an action the caller's policy lacks.</summary>
    public Func<HttpListenerRequest, bool> DenyWhen { get; set; } = _ => false;

    /// <summary>Loses the answer to the next multipart completion.</summary>
    public void LoseNextCompletionAnswer() => Interlocked.Exchange(ref _answersToLose, 1);

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var isCopy = request.Headers["x-amz-copy-source"] is not null;
        var isCompletion = request.HttpMethod == "POST" && request.QueryString["uploadId"] is not null;
        if ((isCopy || isCompletion) && Delay > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _heldBack);
            await Task.Delay(Delay);
        }

        try
        {
            if (DenyWhen(request))
            {
                await AnswerAsync(context.Response, request, AccessDenied());
                return;
            }
            using var forwarded = await ToS3rverAsync(request);
            using var answer = await _s3.SendAsync(forwarded);
            if (isCompletion && answer.IsSuccessStatusCode && Interlocked.Exchange(ref _answersToLose, 0) == 1)
            {
                Interlocked.Increment(ref _lostAnswers);
                await AnswerAsync(context.Response, request, InternalError());
                return;
            }
            await AnswerAsync(context.Response, request, answer);
        }
        catch (Exception e) when (e is HttpListenerException or HttpRequestException or IOException or ObjectDisposedException)
        {
            // The client gave up on this call (its timeout) or s3rver went away: nothing to answer.
            context.Response.Abort();
        }
    }

    private async Task<HttpRequestMessage> ToS3rverAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var forwarded = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, request.RawUrl))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        forwarded.Headers.Host = request.Headers["Host"];
        foreach (var name in request.Headers.AllKeys.OfType<string>().Where(name => !HopByHop.Contains(name)))
        {
            var values = request.Headers.GetValues(name) ?? [];
            if (!forwarded.Headers.TryAddWithoutValidation(name, values)) forwarded.Content.Headers.TryAddWithoutValidation(name, values);
        }
        return forwarded;
    }

    private static HttpResponseMessage InternalError() => new(HttpStatusCode.InternalServerError)
    {
        Content = new StringContent(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>",
            System.Text.Encoding.UTF8, "application/xml"),
    };

    private static HttpResponseMessage AccessDenied() => new(HttpStatusCode.Forbidden)
    {
        Content = new StringContent(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
            System.Text.Encoding.UTF8, "application/xml"),
    };

    private static async Task AnswerAsync(HttpListenerResponse response, HttpListenerRequest request, HttpResponseMessage answer)
    {
        var body = await answer.Content.ReadAsByteArrayAsync();
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(header => !HopByHop.Contains(header.Key)))
        {
            foreach (var value in values) response.AppendHeader(name, value);
        }
        // A HEAD answer says the object's length and carries no body.
        response.ContentLength64 = request.HttpMethod == "HEAD" ? answer.Content.Headers.ContentLength ?? 0 : body.Length;
        if (request.HttpMethod != "HEAD") await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    public void Dispose()
    {
        _listener.Close();
        _s3.Dispose();
    }
}
