using System.Security.Cryptography;
using System.Text;
using CloudImageService.Delivery;

namespace ImageApi.Tests.Delivery;

/// <summary>
/// Our CloudFront signer must hand out exactly the URLs of AWS's reference signer (npm @aws-sdk/cloudfront-signer): the
/// same random object URLs (unicode, spaces, reserved characters, raw and percent-encoded as S3 URLs are, with and
/// without a query such as response-content-disposition), expiries and key (PKCS#1 and PKCS#8) give identical strings.
/// </summary>
public sealed class CloudFrontUrlSignerTests
{
    private const string KeyPairId = "K2JCJMDEHXQW5F";

    // One 2048-bit key for the class: generating one takes up to a second.
    private static readonly RSA Key = RSA.Create(2048);

    private static readonly string[] Domains = ["d111111abcdef8.cloudfront.net", "images.example.com", "cdn.example.org:8443"];

    // Letters of several scripts, a pair of surrogates, white space and every ASCII character with a meaning in a URL.
    private const string KeyCharacters =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ !\"#$%&'()*+,;:=?@[]{}|\\^`<>éüßñ日本語фото😀\t";

    public static TheoryData<string> KeyFormats => new() { "PKCS#1", "PKCS#8" };

    [Theory]
    [MemberData(nameof(KeyFormats))]
    public async Task Urls_are_byte_identical_to_awss_reference_signer_for_random_inputs(string format)
    {
        var pem = format == "PKCS#1" ? Key.ExportRSAPrivateKeyPem() : Key.ExportPkcs8PrivateKeyPem();
        var random = new Random(format == "PKCS#1" ? 1 : 8);
        var cases = Enumerable.Range(0, 120).Select(_ => (Url: RandomUrl(random), Expires: RandomExpiry(random)))
            .Concat(EdgeCases.Select(url => (Url: url, Expires: 1_767_225_600L)))
            .ToList();
        using var signer = new CloudFrontUrlSigner(KeyPairId, pem);

        var expected = await ReferenceSigner.SignAsync(pem, KeyPairId, cases);

        for (var i = 0; i < cases.Count; i++)
        {
            var ours = Ours(signer, cases[i].Url, cases[i].Expires);
            Assert.True(expected[i] == ours, $"{cases[i].Url} (expires {cases[i].Expires}):\n reference: {expected[i] ?? "(refused)"}\n ours:      {ours ?? "(refused)"}");
        }
        // Each character of the URL-safe alphabet occurred, so a wrong mapping of any of them fails above.
        var signatures = string.Concat(expected.OfType<string>().Select(url => url[(url.LastIndexOf("Signature=", StringComparison.Ordinal) + 10)..]));
        Assert.All(new[] { '-', '~', '_' }, c => Assert.Contains(c, signatures));
        Assert.DoesNotContain(signatures, c => c is '+' or '/' or '=');
    }

    // Already normalized, the S3 form of reserved characters, broken and lower-case escapes, odd queries, refusals.
    private static readonly string[] EdgeCases =
    [
        "https://d111111abcdef8.cloudfront.net/images/0d9b6f2e-6f3c-4f4e-9a57-4b1f3f0d2c11",
        "https://d111111abcdef8.cloudfront.net/thumbnails/0d9b6f2e-6f3c-4f4e-9a57-4b1f3f0d2c11/256-webp-q80.webp",
        "https://d111111abcdef8.cloudfront.net/images/x?response-content-type=image%2Fjpeg&response-content-disposition=inline%3B%20filename%3D%22x.jpg%22",
        "https://d111111abcdef8.cloudfront.net/images/%21%27%28%29%2A%7E",
        "https://d111111abcdef8.cloudfront.net/images/%c3%a9%e6%97%a5",
        "https://d111111abcdef8.cloudfront.net/images/%zz/%/%C3/%80/%ED%A0%80/%C0%AF",
        "https://d111111abcdef8.cloudfront.net/images//double//slashes/",
        "https://d111111abcdef8.cloudfront.net/images/a?",
        "https://d111111abcdef8.cloudfront.net/images/a?&&b&=c&d==e&f=g+h%2bi%zz'",
        "https://d111111abcdef8.cloudfront.net",
        "https://d111111abcdef8.cloudfront.net?x=1",
        "https://d111111abcdef8.cloudfront.net/",
        "http://d111111abcdef8.cloudfront.net/images/plain-http",
    ];

    // JSON from .NET cannot carry a lone surrogate to the reference (System.Text.Json writes U+FFFD), so these two are
    // checked against what the reference was seen to do: "URIError: URI malformed" in the path, U+FFFD in the query.
    [Fact]
    public void A_lone_surrogate_is_refused_in_the_path_and_replaced_in_the_query_as_the_reference_does()
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());

        Assert.Throws<ArgumentException>(() => signer.Sign("https://a.example/images/lone-\uD800-surrogate", 1_767_225_600));
        Assert.Equal(signer.Sign("https://a.example/images/a?q=lone-\uFFFD", 1_767_225_600),
            signer.Sign("https://a.example/images/a?q=lone-\uDC00", 1_767_225_600));
    }

    private static string? Ours(CloudFrontUrlSigner signer, string url, long expires)
    {
        try
        {
            return signer.Sign(url, expires);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [Fact]
    public void The_signature_is_rsa_sha1_over_the_canned_policy_of_the_url_and_verifies_with_the_public_key()
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());
        const string url = "https://d111111abcdef8.cloudfront.net/thumbnails/abc/256.webp";

        var signed = signer.Sign(url, 1_767_225_600);

        var prefix = url + "?Expires=1767225600&Key-Pair-Id=" + KeyPairId + "&Signature=";
        Assert.StartsWith(prefix, signed, StringComparison.Ordinal);
        var signature = FromUrlSafeBase64(signed[prefix.Length..]);
        var policy = "{\"Statement\":[{\"Resource\":\"" + url + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767225600}}}]}";
#pragma warning disable CA5350 // CloudFront's algorithm
        Assert.True(Key.VerifyData(Encoding.UTF8.GetBytes(policy), signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
#pragma warning restore CA5350
    }

    [Fact]
    public void A_url_with_a_query_gets_the_signature_after_an_ampersand()
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());

        var signed = signer.Sign("https://images.example.com/images/abc?response-content-disposition=inline", 1_767_225_600);

        Assert.StartsWith("https://images.example.com/images/abc?response-content-disposition=inline&Expires=1767225600&Key-Pair-Id=", signed,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_url_and_expiry_give_the_same_url_from_any_thread_and_any_signer_of_the_key()
    {
        var pem = Key.ExportRSAPrivateKeyPem();
        using var first = new CloudFrontUrlSigner(KeyPairId, pem);
        using var second = new CloudFrontUrlSigner(KeyPairId, pem);
        var expected = second.Sign("https://images.example.com/images/abc", 1_767_225_600);

        var urls = new string[400];
        Parallel.For(0, urls.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => urls[i] = first.Sign("https://images.example.com/images/abc", 1_767_225_600));

        Assert.All(urls, url => Assert.Equal(expected, url));
    }

    [Fact]
    public void An_expiry_given_as_a_time_is_rounded_to_the_second_as_the_reference_rounds_a_date()
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());
        var at = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);

        Assert.Equal(signer.Sign("https://a.example/x", 1_767_225_600), signer.Sign("https://a.example/x", at.AddMilliseconds(499)));
        Assert.Equal(signer.Sign("https://a.example/x", 1_767_225_601), signer.Sign("https://a.example/x", at.AddMilliseconds(500)));
    }

    [Fact]
    public void Signing_allocates_little_more_than_the_url_it_returns()
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());
        const string url = "https://d111111abcdef8.cloudfront.net/thumbnails/0d9b6f2e-6f3c-4f4e-9a57-4b1f3f0d2c11/256-webp-q80.webp";
        var signed = signer.Sign(url, 1_767_225_600);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++) signer.Sign(url, 1_767_225_600);
        var perUrl = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;

        // The string itself is 2 bytes a character plus its header; the rest is what the platform's RSA allocates.
        Assert.True(perUrl < (signed.Length * 2) + 1024, $"{perUrl} bytes for a URL of {signed.Length} characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----")]
    public void A_key_that_is_not_an_rsa_private_key_is_refused_without_being_quoted(string pem)
    {
        var refusal = Assert.Throws<ArgumentException>(() => new CloudFrontUrlSigner(KeyPairId, pem));

        Assert.Contains("RSA private key", refusal.Message, StringComparison.Ordinal);
        if (pem.Length > 0) Assert.DoesNotContain(pem, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CloudFrontUrlSigner(KeyPairId, Key.ExportSubjectPublicKeyInfoPem()));
    }

    [Theory]
    [InlineData("ftp://a.example/x")]
    [InlineData("/images/x")]
    public void Only_http_and_https_urls_are_signed(string url)
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());
        Assert.Throws<ArgumentException>(() => signer.Sign(url, 1_767_225_600));
    }

    // ---- AWS's URL-safe base64 ----

    [Theory]
    [InlineData(new byte[] { 0xFB, 0xFF, 0xBF }, "-~-~")]
    [InlineData(new byte[] { 0xFB }, "-w__")]
    [InlineData(new byte[] { 0xFF, 0xFF }, "~~8_")]
    [InlineData(new byte[] { 0x00, 0x10, 0x83 }, "ABCD")]
    [InlineData(new byte[] { }, "")]
    public void Base64_uses_cloudfronts_alphabet(byte[] bytes, string expected) =>
        Assert.Equal(expected, CloudFrontUrlSigner.ToUrlSafeBase64(bytes));

    [Fact]
    public void Signatures_hold_no_character_that_needs_escaping_in_a_query()
    {
        using var signer = new CloudFrontUrlSigner(KeyPairId, Key.ExportPkcs8PrivateKeyPem());
        for (var i = 0; i < 50; i++)
        {
            var signed = signer.Sign($"https://a.example/images/{i}", 1_767_225_600 + i);
            var signature = signed[(signed.LastIndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
            Assert.Equal(344, signature.Length);
            Assert.All(signature, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '~' or '_', $"'{c}' in {signature}"));
        }
    }

    private static byte[] FromUrlSafeBase64(string text) =>
        Convert.FromBase64String(text.Replace('-', '+').Replace('_', '=').Replace('~', '/'));

    // ---- Random inputs ----

    private static string RandomUrl(Random random)
    {
        var segments = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomText(random, random.Next(1, 24), KeyCharacters));
        var encoded = random.Next(3) != 0;   // mostly as our object URLs are: each segment escaped as S3 escapes keys
        var path = string.Join('/', segments.Select(segment => encoded ? Uri.EscapeDataString(segment) : segment));
        var prefix = random.Next(2) == 0 ? "images/" : "thumbnails/";
        var url = $"https://{Domains[random.Next(Domains.Length)]}/{prefix}{path}";
        return random.Next(3) switch
        {
            0 => url,
            1 => url + "?response-content-disposition=" + Uri.EscapeDataString($"inline; filename=\"{RandomText(random, 12, KeyCharacters)}.jpg\""),
            _ => url + "?response-content-type=" + Uri.EscapeDataString("image/jpeg") + "&response-content-disposition="
                 + (encoded ? Uri.EscapeDataString(RandomText(random, 20, KeyCharacters)) : RandomText(random, 20, KeyCharacters.Replace("#", "", StringComparison.Ordinal))),
        };
    }

    private static long RandomExpiry(Random random) => random.Next(4) switch
    {
        0 => random.NextInt64(1, 100_000),
        _ => random.NextInt64(1_767_225_600, 4_102_444_800),   // 2026 to 2100
    };

    private static string RandomText(Random random, int length, string alphabet)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            var at = random.Next(alphabet.Length);
            // Never half of a surrogate pair: lone surrogates are the edge cases' business.
            if (char.IsLowSurrogate(alphabet[at])) at--;
            text.Append(alphabet[at]);
            if (char.IsHighSurrogate(alphabet[at])) text.Append(alphabet[at + 1]);
        }
        return text.ToString();
    }
}
