using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Storage.Aws;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudImageService.Storage.S3;

/// <summary>
/// SigV4 query-string presigning of GET (with response overrides), PUT and UploadPart object URLs for one bucket, producing the very URL the SDK's
/// <c>GetPreSignedURL</c> produces, at a fraction of its cost: the SDK marshals a request, resolves the endpoint
/// through its rules engine and builds the canonical request with LINQ every time (≈ 60 µs and 50 KB per URL here),
/// while everything but the key, the expiry and the signature is the same for every URL of a bucket.
/// </summary>
/// <remarks>
/// What the SDK decides (scheme, host, path or virtual-host style, signing region) is learnt once from a URL the SDK
/// presigns itself, and checked at construction by comparing URLs signed both ways; when anything differs, or for
/// what this class does not model (S3 Express directory buckets, access point ARNs, dot segments in keys, upload ids or
/// checksums with characters the SDK would have to encode or canonicalize), the SDK
/// signs. Tests prove byte-identical URLs for thousands of random inputs. Which of the two signs is logged once, when
/// decided: Information when this class signs, a Warning with the reason when the SDK does.
/// </remarks>
public sealed partial class QueryStringPresigner
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const string ProbeKey = "presigner-probe";
    private const string ProbeSha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private readonly IAmazonS3 _s3;
    private readonly string _bucketName;
    private readonly AWSCredentials _credentials;
    private readonly string _clockEndpoint = "";
    private readonly string _urlPrefix = "";
    private readonly string _canonicalPathPrefix = "";
    private readonly string _host = "";
    private readonly string _region = "";
    private readonly string _service = "";
    private readonly ILogger _logger;
    private string? _notModelled;
    private SigningKey? _signingKey;

    /// <param name="s3">The client whose URLs to reproduce (and which signs whatever this class does not).</param>
    /// <param name="bucketName">The one bucket signed for.</param>
    /// <param name="credentials">The client's credentials; null: the SDK's default chain, as the client resolves them.</param>
    /// <param name="logger">Told once who signs: this class, or the SDK and why.</param>
    public QueryStringPresigner(IAmazonS3 s3, string bucketName, AWSCredentials? credentials = null, ILogger? logger = null)
    {
        _s3 = s3;
        _bucketName = bucketName;
        _logger = logger ?? NullLogger.Instance;
        _credentials = credentials ?? new ResolvedOnceCredentials(s3.Config);
        _state = TryLearnEndpoint(out _urlPrefix, out _canonicalPathPrefix, out _host, out _region, out _service, out _clockEndpoint)
            ? Unchecked
            : Inactive;
        if (_state == Inactive) LogSdkSigns(_bucketName, _notModelled!);
    }

    private const int Unchecked = 0, Active = 1, Inactive = -1;
    private int _state;

    // Unresolvable credentials leave signing to the SDK, which reports them as it always did; a later try may succeed.
    private ImmutableCredentials? CurrentCredentials()
    {
        try
        {
            return _credentials.GetCredentials();
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    /// <summary>
    /// False when this presigner hands every URL to the SDK (see remarks). Checked once credentials are available:
    /// until then the SDK signs (and reports missing credentials as it always did).
    /// </summary>
    public bool IsActive
    {
        get
        {
            if (_state == Unchecked && CurrentCredentials() is { } credentials)
            {
                var decided = ReproducesSdk(credentials) ? Active : Inactive;
                if (Interlocked.CompareExchange(ref _state, decided, Unchecked) == Unchecked) LogDecision(decided);
            }
            return _state == Active;
        }
    }

    private void LogDecision(int state)
    {
        if (state == Active) LogSignsItself(_bucketName, _urlPrefix);
        else LogSdkSigns(_bucketName, "its URLs differ from the SDK's: " + Redacted(Mismatch!.Replace("\n", "; ", StringComparison.Ordinal)));
    }

    // A signature and a session token are secrets (the probe URLs are valid for minutes); the rest shows what differs.
    private static string Redacted(string urls) => SecretParameter().Replace(urls, "$1=(redacted)");

    [GeneratedRegex("(X-Amz-Signature|X-Amz-Security-Token)=[^&;\\s]*")]
    private static partial Regex SecretParameter();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Presigned URLs for bucket {Bucket} are signed by QueryStringPresigner: it reproduces the SDK's for {UrlPrefix}")]
    private partial void LogSignsItself(string bucket, string urlPrefix);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Presigned URLs for bucket {Bucket} are signed by the AWS SDK, at about 10 times the cost of QueryStringPresigner, "
                  + "because {Reason}")]
    private partial void LogSdkSigns(string bucket, string reason);

    /// <summary>Both URLs when the start-up comparison found a difference.</summary>
    public string? Mismatch { get; private set; }

    /// <summary>
    /// A GET URL signed at <paramref name="signedAtUtc"/> (whole seconds) rather than now, so signing again gives the same
    /// URL; with response overrides when given. The SDK cannot sign at a chosen time: what it signs instead (see
    /// remarks) is signed at now and still expires at <paramref name="expiresAtUtc"/>.
    /// </summary>
    public string SignDownloadAt(string key, DateTime signedAtUtc, DateTime expiresAtUtc, string? responseContentType = null,
        string? responseContentDisposition = null)
    {
        var request = PresignedRequest.DownloadServing(responseContentType, responseContentDisposition);
        var expiresIn = Convert.ToInt64((expiresAtUtc.ToUniversalTime() - signedAtUtc.ToUniversalTime()).TotalSeconds);
        if (!CanSign(key, request, out var credentials) || expiresIn is < 1 or > MaxExpiresIn)
        {
            return _s3.GetPreSignedURL(SdkRequest(key, request, expiresAtUtc));
        }
        return Sign(key, request, signedAtUtc, expiresIn, credentials);
    }

    /// <summary>
    /// <paramref name="expiresAtUtc"/>, or the moment the signing credentials expire when that comes first (to the
    /// second): a URL signed with temporary credentials stops working when they do, whatever its own expiry says.
    /// </summary>
    public DateTime NotPastCredentials(DateTime expiresAtUtc)
    {
        if (CredentialsExpiration() is not { } expiration) return expiresAtUtc;
        var end = expiration.ToUniversalTime();
        end = new DateTime(end.Ticks - end.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return end < expiresAtUtc ? end : expiresAtUtc;
    }

    // The expiry alone: signing already resolved the credentials, so this asks for nothing more.
    private DateTime? CredentialsExpiration()
    {
        try
        {
            return _credentials.Expiration;
        }
        catch (AmazonClientException)
        {
            return null;
        }
    }

    /// <summary>
    /// <paramref name="clock"/>'s now, corrected as the SDK corrects its own: by the skew it measured against this
    /// endpoint, so a URL is not dated ahead of storage's clock.
    /// </summary>
    public DateTime CorrectedUtcNow(TimeProvider clock) =>
        clock.GetUtcNow().UtcDateTime
        + (_s3.Config.DisableClockSkewCorrection ? TimeSpan.Zero : CorrectClockSkew.GetClockCorrectionForEndpoint(_clockEndpoint));

    /// <summary>
    /// A PUT URL bound to the content type and, when given, the exact length and the object's SHA-256 (base64): the
    /// request must carry them as headers, and S3 refuses bytes whose SHA-256 is not <paramref name="sha256Base64"/>.
    /// </summary>
    public string SignUpload(string key, string contentType, long? contentLength, DateTime expiresAtUtc, string? sha256Base64 = null) =>
        Sign(key, PresignedRequest.Upload(contentType, contentLength, sha256Base64), expiresAtUtc);

    /// <summary>
    /// A PUT URL for part <paramref name="partNumber"/> of multipart upload <paramref name="uploadId"/>, bound to the part's
    /// exact length and, when given, its SHA-256 (base64), which the request must carry as headers.
    /// </summary>
    public string SignUploadPart(string key, string uploadId, int partNumber, long contentLength, DateTime expiresAtUtc,
        string? sha256Base64 = null) =>
        Sign(key, PresignedRequest.UploadPart(uploadId, partNumber, contentLength, sha256Base64), expiresAtUtc);

    private const long MaxExpiresIn = 604_800;

    private string Sign(string key, PresignedRequest request, DateTime expiresAtUtc)
    {
        if (!CanSign(key, request, out var credentials)) return _s3.GetPreSignedURL(SdkRequest(key, request, expiresAtUtc));
        // As the SDK: its clock, corrected for the skew it measured against this endpoint, and the expiry rounded.
        var now = CorrectClockSkew.GetCorrectedUtcNowForEndpoint(_clockEndpoint, _s3.Config);
        var expiresIn = Convert.ToInt64((expiresAtUtc.ToUniversalTime() - now).TotalSeconds);
        if (expiresIn > MaxExpiresIn) return _s3.GetPreSignedURL(SdkRequest(key, request, expiresAtUtc)); // the SDK's error
        return Sign(key, request, now, expiresIn, credentials);
    }

    private bool CanSign(string key, PresignedRequest request, [NotNullWhen(true)] out ImmutableCredentials? credentials)
    {
        credentials = null;
        return IsActive && IsPlainKey(key) && IsModelled(request) && (credentials = CurrentCredentials()) is not null;
    }

    private string Sign(string key, PresignedRequest request, DateTime signedAt, long expiresIn, ImmutableCredentials credentials)
    {
        var date = signedAt.ToUniversalTime().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var timestamp = signedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{date}/{_region}/{_service}/aws4_request";
        var credential = UrlEncode(credentials.AccessKey + "/" + scope);
        var token = string.IsNullOrEmpty(credentials.Token) ? null : UrlEncode(credentials.Token);
        var signedHeaders = request.SignedHeaders;
        var encodedKey = EncodeKey(key);
        var expires = expiresIn.ToString(CultureInfo.InvariantCulture);
        var partNumber = request.PartNumber?.ToString(CultureInfo.InvariantCulture);

        var canonical = new StringBuilder(512)
            .Append(request.Verb == HttpVerb.PUT ? "PUT" : "GET").Append('\n')
            .Append(_canonicalPathPrefix).Append(encodedKey).Append('\n')
            .Append("X-Amz-Algorithm=").Append(Algorithm)
            .Append("&X-Amz-Credential=").Append(credential)
            .Append("&X-Amz-Date=").Append(timestamp)
            .Append("&X-Amz-Expires=").Append(expires);
        if (token is not null) canonical.Append("&X-Amz-Security-Token=").Append(token);
        canonical.Append("&X-Amz-SignedHeaders=").Append(UrlEncode(signedHeaders));
        // Sorted by name, ordinal: the upper-case X-Amz-* come first.
        if (request.ResponseContentDisposition is { } disposition) canonical.Append("&response-content-disposition=").Append(UrlEncode(disposition));
        if (request.ResponseContentType is { } responseType) canonical.Append("&response-content-type=").Append(UrlEncode(responseType));
        if (request.UploadId is not null) canonical.Append("&partNumber=").Append(partNumber).Append("&uploadId=").Append(request.UploadId);
        canonical.Append('\n');
        if (request.ContentLength is { } length)
        {
            canonical.Append("content-length:").Append(length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        if (request.ContentType is not null) canonical.Append("content-type:").Append(CompressSpaces(request.ContentType)).Append('\n');
        canonical.Append("host:").Append(_host).Append('\n');
        if (request.Sha256Base64 is { } sha256) canonical.Append(PresignedRequest.ChecksumHeader).Append(':').Append(sha256).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(UnsignedPayload);

        var stringToSign = $"{Algorithm}\n{timestamp}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKeyFor(credentials.SecretKey, date), Encoding.UTF8.GetBytes(stringToSign)));

        var url = new StringBuilder(_urlPrefix.Length + encodedKey.Length + 400)
            .Append(_urlPrefix).Append(encodedKey).Append('?');
        // The SDK puts the sub-resources first, in the order its marshaller adds them.
        if (request.UploadId is not null) url.Append("uploadId=").Append(request.UploadId).Append("&partNumber=").Append(partNumber).Append('&');
        url.Append("X-Amz-Expires=").Append(expires);
        if (token is not null) url.Append("&X-Amz-Security-Token=").Append(token);
        // The SDK's sorted parameters, then what its signer appends.
        if (request.ResponseContentDisposition is { } overrideDisposition)
        {
            url.Append("&response-content-disposition=").Append(UrlEncode(overrideDisposition));
        }
        if (request.ResponseContentType is { } overrideType) url.Append("&response-content-type=").Append(UrlEncode(overrideType));
        return url.Append("&X-Amz-Algorithm=").Append(Algorithm)
            .Append("&X-Amz-Credential=").Append(credential)
            .Append("&X-Amz-Date=").Append(timestamp)
            .Append("&X-Amz-SignedHeaders=").Append(UrlEncode(signedHeaders))
            .Append("&X-Amz-Signature=").Append(signature)
            .ToString();
    }

    // The SigV4 signing key changes once a day (and with the credentials): derived once, not four HMACs per URL.
    private byte[] SigningKeyFor(string secretKey, string date)
    {
        var cached = _signingKey;
        if (cached is not null && cached.Date == date && cached.Secret == secretKey) return cached.Key;
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        _signingKey = new SigningKey(secretKey, date, key);
        return key;
    }

    private sealed record SigningKey(string Secret, string Date, byte[] Key);

    private GetPreSignedUrlRequest SdkRequest(string key, PresignedRequest signed, DateTime expiresAtUtc)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucketName,
            Key = key,
            Verb = signed.Verb,
            Expires = expiresAtUtc,
            // Without this the SDK signs an https URL even for an http endpoint such as a local emulator.
            Protocol = _s3.Config.ServiceURL is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (signed.ContentType is not null) request.ContentType = signed.ContentType;
        if (signed.ContentLength is { } length) request.Headers.ContentLength = length;
        // GetPreSignedUrlRequest has no checksum property: the SDK signs any header it is given.
        if (signed.Sha256Base64 is not null) request.Headers[PresignedRequest.ChecksumHeader] = signed.Sha256Base64;
        if (signed.UploadId is not null)
        {
            request.UploadId = signed.UploadId;
            request.PartNumber = signed.PartNumber;
        }
        if (signed.ResponseContentType is not null) request.ResponseHeaderOverrides.ContentType = signed.ResponseContentType;
        if (signed.ResponseContentDisposition is not null) request.ResponseHeaderOverrides.ContentDisposition = signed.ResponseContentDisposition;
        return request;
    }

    /// <summary>Learns scheme, host, bucket path and signing scope from one URL the SDK signs.</summary>
    private bool TryLearnEndpoint(out string urlPrefix, out string canonicalPathPrefix, out string host, out string region, out string service,
        out string clockEndpoint)
    {
        urlPrefix = canonicalPathPrefix = host = region = service = clockEndpoint = "";
        if (_bucketName.StartsWith("arn:", StringComparison.Ordinal)) return NotModelled("it does not model access point ARNs");
        if (_bucketName.EndsWith("--x-s3", StringComparison.Ordinal)) return NotModelled("it does not model S3 Express directory buckets");
        try
        {
            var probe = _s3.GetPreSignedURL(SdkRequest(ProbeKey, PresignedRequest.Download, DateTime.UtcNow.AddMinutes(5)));
            var keyAt = probe.IndexOf("/" + ProbeKey + "?", StringComparison.Ordinal);
            if (keyAt < 0 || !probe.Contains("X-Amz-Algorithm=" + Algorithm, StringComparison.Ordinal)
                          || probe.Contains("X-Amz-S3session-Token", StringComparison.OrdinalIgnoreCase)) return NotModelledUrl(probe);
            urlPrefix = probe[..(keyAt + 1)];
            var uri = new Uri(urlPrefix);
            canonicalPathPrefix = uri.AbsolutePath;
            host = uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            var scope = Uri.UnescapeDataString(QueryValue(probe, "X-Amz-Credential")).Split('/');
            if (scope.Length != 5 || scope[4] != "aws4_request") return NotModelledUrl(probe);
            region = scope[2];
            service = scope[3];
            clockEndpoint = _s3.Config.DetermineServiceOperationEndpoint(
                new ServiceOperationEndpointParameters(SdkRequest(ProbeKey, PresignedRequest.Download, DateTime.UtcNow))).URL;
            return true;
        }
        catch (Exception exception) when (exception is AmazonClientException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            return NotModelled("the SDK could not presign a probe URL: " + exception.Message);
        }
    }

    private bool NotModelled(string reason)
    {
        _notModelled = reason;
        return false;
    }

    private bool NotModelledUrl(string probe) => NotModelled("it does not model the SDK's URL " + Redacted(probe));

    /// <summary>Signs the same requests both ways, with the SDK's own date and expiry: any difference and the SDK signs everything.</summary>
    private bool ReproducesSdk(ImmutableCredentials credentials)
    {
        var expires = DateTime.UtcNow.AddMinutes(15);
        return Reproduces(ProbeKey, PresignedRequest.Download)
               && Reproduces(ProbeKey, PresignedRequest.DownloadServing("image/jpeg", "inline; filename=\"probe ü.jpg\""))
               && Reproduces("uploads/probe ü+%/x", PresignedRequest.Upload("image/png", 12345, null))
               && Reproduces("uploads/probe ü+%/x", PresignedRequest.UploadPart("probe-upload.id_~", 2, 5_242_880, ProbeSha256));

        bool Reproduces(string key, PresignedRequest request)
        {
            var sdk = _s3.GetPreSignedURL(SdkRequest(key, request, expires));
            var signedAt = DateTime.ParseExact(QueryValue(sdk, "X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            var expiresIn = long.Parse(QueryValue(sdk, "X-Amz-Expires"), CultureInfo.InvariantCulture);
            var ours = Sign(key, request, signedAt, expiresIn, credentials);
            if (sdk != ours) Mismatch = $"SDK:  {sdk}\nours: {ours}";
            return sdk == ours;
        }
    }

    private static string QueryValue(string url, string name)
    {
        var start = url.IndexOf(name + "=", url.IndexOf('?', StringComparison.Ordinal), StringComparison.Ordinal);
        if (start < 0) return "";
        start += name.Length + 1;
        var end = url.IndexOf('&', start);
        return end < 0 ? url[start..] : url[start..end];
    }

    // Empty keys, a leading '/' (the SDK drops it) and "." or ".." segments are the SDK's to sign; ours never have them.
    private static bool IsPlainKey(string key)
    {
        if (key.Length == 0 || key[0] == '/') return false;
        foreach (var segment in key.AsSpan().Split('/'))
        {
            var part = key.AsSpan(segment);
            if (part is "." or "..") return false;
        }
        return true;
    }

    // The SDK puts an upload id into the URL unencoded, and canonicalizes header values: upload ids that need no
    // encoding and checksums of base64 characters alone are signed here, anything else is the SDK's to sign.
    private static bool IsModelled(PresignedRequest request) =>
        (request.Verb == HttpVerb.GET || request is { ResponseContentType: null, ResponseContentDisposition: null })
        && (request.UploadId is not { } uploadId || (uploadId.Length > 0 && !NeedsEncoding(uploadId, allowSlash: false)))
        && (request.Sha256Base64 is not { } sha256 || (sha256.Length > 0 && !sha256.AsSpan().ContainsAnyExcept(Base64Characters)));

    private static readonly SearchValues<char> Base64Characters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>Each '/'-separated segment percent-encoded per RFC 3986 (UTF-8, uppercase hex), as S3 canonicalizes keys.</summary>
    private static string EncodeKey(string key)
    {
        if (!NeedsEncoding(key, allowSlash: true)) return key;
        var builder = new StringBuilder(key.Length * 3);
        var first = true;
        foreach (var segment in key.AsSpan().Split('/'))
        {
            if (!first) builder.Append('/');
            first = false;
            AppendEncoded(builder, key.AsSpan(segment));
        }
        return builder.ToString();
    }

    private static string UrlEncode(string value)
    {
        if (!NeedsEncoding(value, allowSlash: false)) return value;
        var builder = new StringBuilder(value.Length * 3);
        AppendEncoded(builder, value);
        return builder.ToString();
    }

    private static bool NeedsEncoding(string value, bool allowSlash)
    {
        foreach (var c in value)
        {
            if (!IsUnreserved(c) && !(allowSlash && c == '/')) return true;
        }
        return false;
    }

    private static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text.ToString());
        foreach (var b in bytes)
        {
            if (b < 0x80 && IsUnreserved((char)b)) builder.Append((char)b);
            else builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
        }
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~';

    /// <summary>Header values as SigV4 canonicalizes them: trimmed, runs of white space collapsed to one space.</summary>
    private static string CompressSpaces(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var simple = true;
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (char.IsWhiteSpace(trimmed[i]) && (trimmed[i] != ' ' || (i > 0 && char.IsWhiteSpace(trimmed[i - 1])))) simple = false;
        }
        if (simple) return trimmed.Length == value.Length ? value : trimmed.ToString();
        var builder = new StringBuilder(trimmed.Length);
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (!char.IsWhiteSpace(trimmed[i])) builder.Append(trimmed[i]);
            else if (!char.IsWhiteSpace(trimmed[i - 1])) builder.Append(' ');
        }
        return builder.ToString();
    }
}
