using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace CloudImageService.Delivery;

/// <summary>
/// CloudFront signed URLs with a canned policy: the URL AWS's reference signer (<c>getSignedUrl</c> of npm
/// <c>@aws-sdk/cloudfront-signer</c>, which tests/ImageApi.Tests checks byte for byte) makes for the same URL, expiry,
/// key pair id and private key.
/// </summary>
/// <remarks>
/// <para>
/// Like the reference, the URL is first brought to one spelling: each path segment is percent-decoded and encoded again
/// as JavaScript's <c>encodeURIComponent</c> does (a segment with a broken escape is encoded as it stands), each query
/// parameter keeps its <c>%XX</c> escapes (in upper case) and <c>+</c> and has everything else encoded. An object key may
/// therefore be passed raw or already escaped. Then the policy
/// <c>{"Statement":[{"Resource":URL,"Condition":{"DateLessThan":{"AWS:EpochTime":N}}}]}</c> is signed with RSA-SHA1
/// (PKCS#1 v1.5), the signature written in AWS's URL-safe base64 (<c>+</c>→<c>-</c>, <c>=</c>→<c>_</c>,
/// <c>/</c>→<c>~</c>), and <c>Expires</c>, <c>Key-Pair-Id</c> and <c>Signature</c> appended, in the reference's order.
/// </para>
/// <para>
/// One URL allocates only its string: the policy, the hash and the signature are built in pooled or stack buffers. The
/// key is parsed once; RSA objects, which .NET does not promise are safe to share between threads, are pooled, so
/// concurrent calls never share one. The private RSA operation (about 1 ms for a 2048-bit key) dominates the cost.
/// </para>
/// </remarks>
public sealed class CloudFrontUrlSigner : IDisposable
{
    private const string ExpiresParameter = "Expires=";
    private const string KeyPairIdParameter = "&Key-Pair-Id=";
    private const string SignatureParameter = "&Signature=";
    private static ReadOnlySpan<byte> PolicyStart => "{\"Statement\":[{\"Resource\":\""u8;
    private static ReadOnlySpan<byte> PolicyCondition => "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"u8;
    private static ReadOnlySpan<byte> PolicyEnd => "}}}]}"u8;

    private readonly byte[] _pkcs8;
    private readonly RSA?[] _pool = new RSA?[Math.Max(2, Environment.ProcessorCount)];
    private readonly int _signatureBytes;
    private readonly string _encodedKeyPairId;
    private bool _disposed;

    /// <param name="keyPairId">The id CloudFront gave the public key (e.g. <c>K2JCJMDEHXQW5F</c>).</param>
    /// <param name="privateKeyPem">An unencrypted RSA private key: PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>) or PKCS#8 (<c>BEGIN PRIVATE KEY</c>).</param>
    /// <exception cref="ArgumentException">No key pair id, or no RSA private key in <paramref name="privateKeyPem"/>. The message never quotes the key.</exception>
    public CloudFrontUrlSigner(string keyPairId, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPairId);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        KeyPairId = keyPairId;
        _encodedKeyPairId = EncodeComponent(keyPairId, extended: true);

        var rsa = RSA.Create();
        try
        {
            // ImportFromPem's own messages never include the key; they are replaced anyway, to name what is expected.
            rsa.ImportFromPem(privateKeyPem);
            _pkcs8 = rsa.ExportPkcs8PrivateKey();
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new ArgumentException(
                "Expected an unencrypted RSA private key in PEM: PKCS#1 (-----BEGIN RSA PRIVATE KEY-----) or PKCS#8 (-----BEGIN PRIVATE KEY-----).",
                nameof(privateKeyPem));
        }
        KeySize = rsa.KeySize;
        _signatureBytes = (rsa.KeySize + 7) / 8;
        Return(rsa);
    }

    /// <summary>The key pair id put into every URL.</summary>
    public string KeyPairId { get; }

    /// <summary>The private key's size in bits (CloudFront accepts public keys of 2048 bits).</summary>
    public int KeySize { get; }

    /// <summary>
    /// <paramref name="resourceUrl"/> (http or https) signed with a canned policy that expires at
    /// <paramref name="expiresEpochSeconds"/> (Unix seconds), with <c>Expires</c>, <c>Key-Pair-Id</c> and <c>Signature</c>
    /// appended after <c>?</c>, or after <c>&amp;</c> when the URL has a query (e.g. <c>response-content-disposition</c>).
    /// The same arguments always give the same URL.
    /// </summary>
    /// <exception cref="ArgumentException">Not an http(s) URL, or a path with an unpaired surrogate (the reference refuses both).</exception>
    public string Sign(string resourceUrl, long expiresEpochSeconds)
    {
        ArgumentNullException.ThrowIfNull(resourceUrl);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expiresEpochSeconds);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!resourceUrl.StartsWith("https://", StringComparison.Ordinal) && !resourceUrl.StartsWith("http://", StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected an http or https URL.", nameof(resourceUrl));
        }

        var urlBuffer = ArrayPool<char>.Shared.Rent(checked((resourceUrl.Length * 10) + 16));
        byte[]? policyBuffer = null;
        try
        {
            var url = urlBuffer.AsSpan(0, Normalize(resourceUrl, urlBuffer));
            policyBuffer = ArrayPool<byte>.Shared.Rent((url.Length * 6) + 128);
            var policyLength = WritePolicy(url, expiresEpochSeconds, policyBuffer);

            // CloudFront's canned policy is signed with RSA-SHA1 (CloudFront verifies it as such; the hash is not ours to choose).
#pragma warning disable CA5350
            Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
            SHA1.HashData(policyBuffer.AsSpan(0, policyLength), hash);
#pragma warning restore CA5350
            Span<byte> signature = _signatureBytes <= 1024 ? stackalloc byte[_signatureBytes] : new byte[_signatureBytes];
            var rsa = Rent();
            try
            {
                if (!rsa.TrySignHash(hash, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1, out var written) || written != _signatureBytes)
                {
                    throw new CryptographicException("The RSA signature did not have the key's length.");
                }
            }
            finally
            {
                Return(rsa);
            }
            return Compose(url, expiresEpochSeconds, signature);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(urlBuffer);
            if (policyBuffer is not null) ArrayPool<byte>.Shared.Return(policyBuffer);
        }
    }

    /// <summary>
    /// <see cref="Sign(string, long)"/> with the expiry as a time, rounded to the nearest second as the reference rounds
    /// a <c>Date</c>.
    /// </summary>
    public string Sign(string resourceUrl, DateTimeOffset expiresAt) =>
        Sign(resourceUrl, (long)Math.Floor((expiresAt.ToUnixTimeMilliseconds() + 500) / 1000.0));

    /// <summary>Base64 in CloudFront's URL-safe alphabet: <c>+</c>→<c>-</c>, <c>=</c>→<c>_</c>, <c>/</c>→<c>~</c>.</summary>
    public static string ToUrlSafeBase64(ReadOnlySpan<byte> bytes)
    {
        var text = Convert.ToBase64String(bytes).ToCharArray();
        MapToUrlSafe(text);
        return new string(text);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (var i = 0; i < _pool.Length; i++) Interlocked.Exchange(ref _pool[i], null)?.Dispose();
        CryptographicOperations.ZeroMemory(_pkcs8);
    }

    private string Compose(ReadOnlySpan<char> url, long expires, ReadOnlySpan<byte> signature)
    {
        Span<char> digits = stackalloc char[20];
        expires.TryFormat(digits, out var digitCount, provider: CultureInfo.InvariantCulture);
        var signatureChars = Base64.GetMaxEncodedToUtf8Length(signature.Length);
        var length = url.Length + 1 + ExpiresParameter.Length + digitCount + KeyPairIdParameter.Length + _encodedKeyPairId.Length
                     + SignatureParameter.Length + signatureChars;

        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var target = buffer.AsSpan(0, length);
            var at = 0;
            Append(target, ref at, url);
            target[at++] = url.Contains('?') ? '&' : '?';
            Append(target, ref at, ExpiresParameter);
            Append(target, ref at, digits[..digitCount]);
            Append(target, ref at, KeyPairIdParameter);
            Append(target, ref at, _encodedKeyPairId);
            Append(target, ref at, SignatureParameter);
            if (!Convert.TryToBase64Chars(signature, target[at..], out var written) || written != signatureChars)
            {
                throw new InvalidOperationException("Base64 of the signature did not fit.");
            }
            MapToUrlSafe(target.Slice(at, written));
            return new string(target);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Append(Span<char> target, ref int at, ReadOnlySpan<char> text)
    {
        text.CopyTo(target[at..]);
        at += text.Length;
    }

    private static void MapToUrlSafe(Span<char> base64)
    {
        for (var i = 0; i < base64.Length; i++)
        {
            base64[i] = base64[i] switch { '+' => '-', '=' => '_', '/' => '~', var c => c };
        }
    }

    private RSA Rent()
    {
        for (var i = 0; i < _pool.Length; i++)
        {
            if (Interlocked.Exchange(ref _pool[i], null) is { } pooled) return pooled;
        }
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_pkcs8, out _);
        return rsa;
    }

    private void Return(RSA rsa)
    {
        if (!_disposed)
        {
            for (var i = 0; i < _pool.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _pool[i], rsa, null) is null) return;
            }
        }
        rsa.Dispose();
    }

    // The canned policy as UTF-8, the resource escaped as JSON.stringify escapes a string.
    private static int WritePolicy(ReadOnlySpan<char> url, long expires, Span<byte> target)
    {
        var at = 0;
        PolicyStart.CopyTo(target);
        at += PolicyStart.Length;
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            switch (c)
            {
                case '"': at += WriteAscii(target[at..], "\\\""); break;
                case '\\': at += WriteAscii(target[at..], "\\\\"); break;
                case '\b': at += WriteAscii(target[at..], "\\b"); break;
                case '\f': at += WriteAscii(target[at..], "\\f"); break;
                case '\n': at += WriteAscii(target[at..], "\\n"); break;
                case '\r': at += WriteAscii(target[at..], "\\r"); break;
                case '\t': at += WriteAscii(target[at..], "\\t"); break;
                case < ' ':
                    at += WriteUnicodeEscape(target[at..], c);
                    break;
                case < (char)0x80:
                    target[at++] = (byte)c;
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < url.Length && char.IsLowSurrogate(url[i + 1]))
                    {
                        at += new Rune(c, url[++i]).EncodeToUtf8(target[at..]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        at += WriteUnicodeEscape(target[at..], c);
                    }
                    else
                    {
                        at += new Rune(c).EncodeToUtf8(target[at..]);
                    }
                    break;
            }
        }
        PolicyCondition.CopyTo(target[at..]);
        at += PolicyCondition.Length;
        expires.TryFormat(target[at..], out var digits, provider: CultureInfo.InvariantCulture);
        at += digits;
        PolicyEnd.CopyTo(target[at..]);
        return at + PolicyEnd.Length;
    }

    private static int WriteAscii(Span<byte> target, string text)
    {
        for (var i = 0; i < text.Length; i++) target[i] = (byte)text[i];
        return text.Length;
    }

    private static int WriteUnicodeEscape(Span<byte> target, char c)
    {
        target[0] = (byte)'\\';
        target[1] = (byte)'u';
        ((int)c).TryFormat(target[2..], out _, "x4", CultureInfo.InvariantCulture);
        return 6;
    }

    // ---- The reference's URL spelling (encodeUrlPath in @aws-sdk/cloudfront-signer) ----

    private static int Normalize(string url, Span<char> target)
    {
        var protocolEnd = url.IndexOf("//", StringComparison.Ordinal);
        var pathStart = url.IndexOf('/', protocolEnd + 2);
        if (pathStart < 0)
        {
            url.CopyTo(target);
            return url.Length;
        }
        url.AsSpan(0, pathStart).CopyTo(target);
        var at = pathStart;

        var rest = url.AsSpan(pathStart);
        var queryStart = rest.IndexOf('?');
        var path = queryStart < 0 ? rest : rest[..queryStart];
        var scratch = ArrayPool<byte>.Shared.Rent((path.Length * 3) + 4);
        try
        {
            var i = 0;
            while (i < path.Length)
            {
                if (path[i] == '/')
                {
                    target[at++] = '/';
                    i++;
                    continue;
                }
                var end = path[i..].IndexOf('/');
                var segment = end < 0 ? path[i..] : path.Slice(i, end);
                at += EncodeSegment(segment, target[at..], scratch);
                i += segment.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        if (queryStart >= 0)
        {
            var pairs = 0;
            foreach (var range in rest[(queryStart + 1)..].Split('&'))
            {
                var pair = rest[(queryStart + 1)..][range];
                if (pair.IsEmpty) continue;
                target[at++] = pairs++ == 0 ? '?' : '&';
                var equals = pair.IndexOf('=');
                at += EncodeQueryComponent(equals < 0 ? pair : pair[..equals], target[at..]);
                target[at++] = '=';
                if (equals >= 0) at += EncodeQueryComponent(pair[(equals + 1)..], target[at..]);
            }
        }
        return at;
    }

    // encodeURIComponent(decodeURIComponent(segment)), or encodeURIComponent(segment) when the segment does not decode.
    private static int EncodeSegment(ReadOnlySpan<char> segment, Span<char> target, byte[] scratch)
    {
        var bytes = 0;
        var decodes = true;
        for (var i = 0; i < segment.Length && decodes;)
        {
            if (segment[i] == '%')
            {
                if (i + 2 < segment.Length && char.IsAsciiHexDigit(segment[i + 1]) && char.IsAsciiHexDigit(segment[i + 2]))
                {
                    scratch[bytes++] = (byte)((HexValue(segment[i + 1]) << 4) | HexValue(segment[i + 2]));
                    i += 3;
                }
                else
                {
                    decodes = false;
                }
                continue;
            }
            var run = segment[i..].IndexOf('%');
            var literal = run < 0 ? segment[i..] : segment.Slice(i, run);
            if (Utf8.FromUtf16(literal, scratch.AsSpan(bytes), out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new ArgumentException("The URL's path holds an unpaired surrogate, which has no UTF-8 encoding.");
            }
            bytes += written;
            i += literal.Length;
        }
        // Only the escapes can be invalid UTF-8 (a literal never yields a stray continuation byte), as decodeURIComponent checks.
        if (decodes && Utf8.IsValid(scratch.AsSpan(0, bytes))) return EncodeUtf8(scratch.AsSpan(0, bytes), target, extended: false, quote: true);
        return EncodeComponent(segment, target, extended: false, quote: true, keepEscapes: false);
    }

    private static int EncodeQueryComponent(ReadOnlySpan<char> component, Span<char> target) =>
        EncodeComponent(component, target, extended: false, quote: false, keepEscapes: true);

    private static string EncodeComponent(string text, bool extended)
    {
        var buffer = new char[text.Length * 12];
        return new string(buffer, 0, EncodeComponent(text, buffer, extended, quote: true, keepEscapes: false));
    }

    /// <summary>
    /// encodeURIComponent; <paramref name="extended"/> also escapes <c>!'()*</c> (the SDK's extendedEncodeURIComponent),
    /// <paramref name="quote"/> false escapes <c>'</c>; <paramref name="keepEscapes"/> keeps <c>%XX</c> (upper-cased) and
    /// <c>+</c> and replaces unpaired surrogates by U+FFFD (the reference's query encoding). Without it an unpaired surrogate throws, as in JavaScript.
    /// </summary>
    private static int EncodeComponent(ReadOnlySpan<char> text, Span<char> target, bool extended, bool quote, bool keepEscapes)
    {
        var at = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (keepEscapes && c == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                target[at++] = '%';
                target[at++] = char.ToUpperInvariant(text[i + 1]);
                target[at++] = char.ToUpperInvariant(text[i + 2]);
                i += 2;
                continue;
            }
            if ((keepEscapes && c == '+') || IsUnreserved(c, extended, quote))
            {
                target[at++] = c;
                continue;
            }
            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                rune = new Rune(c, text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                if (!keepEscapes) throw new ArgumentException("The URL holds an unpaired surrogate, which has no UTF-8 encoding.");
                rune = Rune.ReplacementChar;
            }
            else
            {
                rune = new Rune(c);
            }
            at += EncodeUtf8(utf8[..rune.EncodeToUtf8(utf8)], target[at..], extended, quote);
        }
        return at;
    }

    private static int EncodeUtf8(ReadOnlySpan<byte> utf8, Span<char> target, bool extended, bool quote)
    {
        var at = 0;
        foreach (var b in utf8)
        {
            if (b < 0x80 && IsUnreserved((char)b, extended, quote))
            {
                target[at++] = (char)b;
            }
            else
            {
                target[at++] = '%';
                target[at++] = "0123456789ABCDEF"[b >> 4];
                target[at++] = "0123456789ABCDEF"[b & 0xF];
            }
        }
        return at;
    }

    // encodeURIComponent leaves A–Z a–z 0–9 - _ . ! ~ * ' ( ) alone.
    private static bool IsUnreserved(char c, bool extended, bool quote) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'
        || !extended && (c is '!' or '*' or '(' or ')' || quote && c == '\'');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
