using System.Buffers.Text;
using System.Text;

namespace AppHost.Tests;

/// <summary>The endpoints of the images API that the hostile suite aims at, to count what it covers.</summary>
public enum ImageEndpoint { Upload, Complete, List, Get, Download, Delete, Restore, EmptyTrash }

/// <summary>
/// One request that the contract (DESIGN.md and the validation in ImageApi/Images) calls invalid. The path
/// and query go on the wire exactly as written (already percent-encoded), the body exactly as these bytes.
/// </summary>
public sealed record HostileRequest(
    string Name,
    ImageEndpoint Endpoint,
    HttpMethod Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null)
{
    /// <summary>A request for <paramref name="origin"/> that HttpClient sends without re-encoding or normalizing the path.</summary>
    public HttpRequestMessage ToMessage(Uri origin)
    {
        var uri = new Uri(origin.GetLeftPart(UriPartial.Authority) + PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var message = new HttpRequestMessage(Method, uri);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            // As curl does for large bodies: the server may refuse one (413) before reading it and close the
            // connection, and without 100-continue that answer races the client's still-running upload.
            if (Body.Length > 1024 * 1024) message.Headers.ExpectContinue = true;
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return message;
    }

    public string Describe()
    {
        var path = PathAndQuery.Length <= 160 ? PathAndQuery : $"{PathAndQuery[..160]}… ({PathAndQuery.Length} chars)";
        var body = Body switch
        {
            null => "no body",
            { Length: <= 160 } bytes => $"body {Printable(bytes)}",
            var bytes => $"body {Printable(bytes[..160])}… ({bytes.Length} bytes)",
        };
        return $"[{Name}] {Method} {path}, {body}, Content-Type: {ContentType ?? "(none)"}";
    }

    /// <summary>The body as text with non-ASCII and control bytes shown as \xNN, so a report shows what was sent.</summary>
    private static string Printable(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));
}

/// <summary>Real things on the server that hostile requests aim at (or next to).</summary>
public sealed record HostileTargets(
    string ImageId,
    string ImageOwner,
    string CursorOwner,
    string UserCursor,
    string EveryoneCursor)
{
    /// <summary>Stand-ins, to count and inspect the generated requests without a server.</summary>
    public static HostileTargets Placeholder { get; } = new(
        "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e",
        "user-placeholder",
        "user-cursor-owner",
        Base64Url.EncodeToString("""{"U":"user-cursor-owner","K":{"image_id":"x","user_id":"user-cursor-owner","upload_time":"t"}}"""u8) + ".AAAAAAAAAAAAAAAAAAAAAA",
        Base64Url.EncodeToString("""{"U":null,"K":{"image_id":"x"}}"""u8) + ".AAAAAAAAAAAAAAAAAAAAAA");
}

/// <summary>
/// Generates requests that are invalid by the contract, over every endpoint: wrong JSON types, missing and extra
/// fields, huge strings and arrays, invalid UTF-8 and Unicode, malformed JSON, malformed and path-traversal ids, bad
/// dates, limits and cursors, wrong media types, empty and oversized bodies. Each must be answered with a 4xx
/// problem+json, never a 5xx.
/// </summary>
public static class HostileRequests
{
    private const string Json = "application/json";
    private const string Upload = "/images/upload";

    /// <summary>JSON values of every kind but a string (null last).</summary>
    private static readonly string[] NotAString =
        ["42", "-1.5", "true", "false", "{}", """{"value":"alice"}""", "[]", """["alice"]""", "null"];

    public static IEnumerable<HostileRequest> All(HostileTargets targets) =>
    [
        .. WrongTypes(),
        .. MissingAndExtraFields(),
        .. InvalidFieldValues(),
        .. InvalidUtf8Bodies(),
        .. MalformedJson(),
        .. WrongMediaTypes(),
        .. EmptyAndOversizedBodies(),
        .. MalformedIds(targets),
        .. RealImageLookalikes(targets),
        .. BadListingParameters(),
        .. BadCursors(targets),
        .. BadTrashRequests(targets),
    ];

    // ---- POST /images/upload --------------------------------------------------------------------------------------

    private static IEnumerable<HostileRequest> WrongTypes()
    {
        foreach (var value in NotAString)
            yield return UploadJson($"user_id as {value}", UploadBody(userId: value));
        foreach (var value in NotAString)
            yield return UploadJson($"content_type as {value}", UploadBody(contentType: value));
        foreach (var value in NotAString.Where(v => v != "null")) // description is optional: null is allowed
            yield return UploadJson($"description as {value}", UploadBody(description: value));

        string[] badTags =
        [
            "\"beach\"", "42", "true", "{}", """{"0":"beach"}""", "[1,2]", "[true]", "[null]", "[{}]",
            """[["beach"]]""", """[[["beach"]]]""", """["beach",7]""", """["beach",null]""", "[1.5e300]",
        ];
        foreach (var value in badTags)
            yield return UploadJson($"tags as {value}", UploadBody(tags: value));

        string[] badSizes =
        [
            "\"100\"", "\"abc\"", "\"\"", "1.5", "-1", "0", "-0", "1e30", "20971521", "268435457", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "true", "{}", "[]", "[100]", "1" + new string('0', 10_000),
        ];
        foreach (var value in badSizes)
            yield return UploadJson($"size_bytes as {Short(value)}", UploadBody(sizeBytes: value));
    }

    private static IEnumerable<HostileRequest> MissingAndExtraFields()
    {
        yield return UploadJson("empty object", "{}");
        yield return UploadJson("user_id missing", UploadBody(userId: null));
        yield return UploadJson("content_type missing", UploadBody(contentType: null));
        yield return UploadJson("only optional fields", UploadBody(userId: null, contentType: null, tags: """["a"]""", description: "\"d\""));
        yield return UploadJson("camelCase field names", """{"userId":"alice","contentType":"image/png"}""");
        yield return UploadJson("PascalCase field names", """{"UserId":"alice","ContentType":"image/png"}""");
        yield return UploadJson("field names with spaces", """{"user_id ":"alice"," content_type":"image/png"}""");
        yield return UploadJson("extra fields with a wrong content_type",
            UploadBody(contentType: "\"text/html\"", extra: """ "is_admin":true,"owner":"root","status":"available" """));
        yield return UploadJson("extra fields with user_id as a number",
            UploadBody(userId: "42", extra: """ "__proto__":{"admin":true},"constructor":{"prototype":{}} """));
        yield return UploadJson("a chosen image_id with an empty user_id",
            UploadBody(userId: "\"\"", extra: """ "image_id":"../../etc/passwd","object_key":"images/../../x" """));
        yield return UploadJson("extra fields with content_type missing",
            UploadBody(contentType: null, extra: """ "upload_url":"http://evil.example/","size":5 """));
        yield return UploadJson("extra deeply nested field with tags invalid",
            UploadBody(tags: "\"x\"", extra: " \"deep\":" + new string('[', 60) + new string(']', 60) + " "));
        yield return UploadJson("extra field nested beyond the parser's depth limit, user_id missing",
            UploadBody(userId: null, extra: " \"deep\":" + new string('[', 5_000) + new string(']', 5_000) + " "));
    }

    private static IEnumerable<HostileRequest> InvalidFieldValues()
    {
        // JSON escapes as written in the body: \ud800 is a lone surrogate, \u0000 a NUL, and so on.
        string[] invalidTexts =
        [
            "", " ", "   ", @"\t", @"\n", @"\r\n", @"\u2003", @"\u00a0", @"\u3000", @"\u2028", @"\u0000", @"\u0007", @"\u001f",
            @"\u007f", @"\u0085", @"a\u0000b", @"alice\u001b[31m", @"\ud800", @"\udfff", @"a\udc00\ud800b", @"\ud800\ud800", @"\udbff",
        ];
        foreach (var text in invalidTexts)
            yield return UploadJson($"user_id \"{text}\"", UploadBody(userId: $"\"{text}\""));
        yield return UploadJson("user_id of 129 chars", UploadBody(userId: Quoted(new string('u', 129))));
        yield return UploadJson("user_id of 10k chars", UploadBody(userId: Quoted(new string('u', 10_000))));
        yield return UploadJson("user_id of 100k chars", UploadBody(userId: Quoted(new string('u', 100_000))));
        yield return UploadJson("user_id of 10k emoji", UploadBody(userId: Quoted(string.Concat(Enumerable.Repeat("😀", 10_000)))));

        string[] badContentTypes =
        [
            "", " ", @"\u2003", "text/plain", "text/html", "image/svg+xml", "application/octet-stream", "image/*", "*/*",
            "image/png, image/jpeg", "image/png;", "image/png; charset=utf-8", " image/png", "image/png ", "image/jpg", "image/pngx",
            @"image/png\u0000", @"image/png\ud800", @"image/png\r\nX-Injected: 1", "../../image/png", "image\\/png/../../x",
        ];
        foreach (var value in badContentTypes)
            yield return UploadJson($"content_type \"{value}\"", UploadBody(contentType: $"\"{value}\""));
        yield return UploadJson("content_type of 10k chars", UploadBody(contentType: Quoted("image/" + new string('p', 10_000))));

        string[] badTagTexts = ["", " ", @"\u2003", @"\u0000", @"\u0007", @"\ud800", @"\udfff"];
        foreach (var text in badTagTexts)
            yield return UploadJson($"tags [\"ok\",\"{text}\"]", UploadBody(tags: $"[\"ok\",\"{text}\"]"));
        yield return UploadJson("a tag of 65 chars", UploadBody(tags: $"[{Quoted(new string('t', 65))}]"));
        yield return UploadJson("a tag of 100k chars", UploadBody(tags: $"[{Quoted(new string('t', 100_000))}]"));
        yield return UploadJson("21 tags", UploadBody(tags: TagArray(21)));
        yield return UploadJson("10k tags", UploadBody(tags: TagArray(10_000)));
        yield return UploadJson("1k empty tags", UploadBody(tags: "[" + string.Join(",", Enumerable.Repeat("\"\"", 1_000)) + "]"));

        yield return UploadJson("description of 1001 chars", UploadBody(description: Quoted(new string('d', 1_001))));
        yield return UploadJson("description of 1M chars", UploadBody(description: Quoted(new string('d', 1_000_000))));
        yield return UploadJson(@"description \ud800", UploadBody(description: @"""lone \ud800 surrogate"""));
        yield return UploadJson(@"description \udfff", UploadBody(description: @"""\udfff"""));
        yield return UploadJson(@"description with a broken \u escape", UploadBody(description: @"""\u12"""));
    }

    private static IEnumerable<HostileRequest> InvalidUtf8Bodies()
    {
        yield return UploadBytes("bytes FF FE in a property name", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]);
        yield return UploadBytes("lone byte FF in user_id", Utf8Around("{\"user_id\":\"a", [0xFF], "b\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("overlong encoding C0 AF in user_id", Utf8Around("{\"user_id\":\"", [0xC0, 0xAF], "\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("CESU-8 surrogate ED A0 80 in user_id", Utf8Around("{\"user_id\":\"", [0xED, 0xA0, 0x80], "\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("truncated sequence E2 82 in user_id", Utf8Around("{\"user_id\":\"", [0xE2, 0x82], "\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("code point above U+10FFFF in user_id", Utf8Around("{\"user_id\":\"", [0xF4, 0x90, 0x80, 0x80], "\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("5-byte sequence in content_type", Utf8Around("{\"user_id\":\"alice\",\"content_type\":\"image/", [0xF8, 0x88, 0x80, 0x80, 0x80], "\"}"));
        yield return UploadBytes("Latin-1 byte E9 in a tag", Utf8Around("{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"tags\":[\"caf", [0xE9], "\"]}"));
        yield return UploadBytes("Latin-1 byte E9 in description", Utf8Around("{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"description\":\"caf", [0xE9], "\"}"));
        yield return UploadBytes("raw NUL byte inside user_id", Utf8Around("{\"user_id\":\"al", [0x00], "ice\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("raw BEL byte inside user_id", Utf8Around("{\"user_id\":\"al", [0x07], "ice\",\"content_type\":\"image/png\"}"));
        yield return UploadBytes("raw NUL byte between tokens", Utf8Around("{\"user_id\":\"alice\",", [0x00], "\"content_type\":\"image/png\"}"));
        yield return UploadBytes("body in UTF-16LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(UploadBody())]);
        yield return UploadBytes("body in UTF-16BE without BOM", Encoding.BigEndianUnicode.GetBytes(UploadBody()));
        yield return UploadBytes("body in UTF-32LE", Encoding.UTF32.GetBytes(UploadBody()));
        yield return UploadBytes("random bytes", RandomBytes(512, seed: 5));
        yield return UploadBytes("a PNG instead of JSON", TestImages.Png());
    }

    private static IEnumerable<HostileRequest> MalformedJson()
    {
        string[] bodies =
        [
            "{", "}", "{{}}", "{\"user_id\":\"alice\",", "{\"user_id\":\"alice\",\"content_type\":\"image/png\"",
            "{\"user_id\":\"alice\",\"content_type\":\"image/p", "{\"user_id\":\"alice\",\"content_type\":\"image/png\",}",
            "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"tags\":[\"a\",],}", "{'user_id':'alice','content_type':'image/png'}",
            "{user_id:\"alice\",content_type:\"image/png\"}", "{\"user_id\":\"alice\" /* comment */,\"content_type\":\"image/png\"}",
            "// comment\n{\"user_id\":\"alice\",\"content_type\":\"image/png\"}", "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":NaN}",
            "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":Infinity}", "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":-Infinity}",
            "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":0x10}", "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":007}",
            "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":+5}", "{\"user_id\":\"alice\",\"content_type\":\"image/png\",\"size_bytes\":.5}",
            "{\"user_id\":\"alice\"\"content_type\":\"image/png\"}", "{\"user_id\"\"alice\",\"content_type\":\"image/png\"}",
            "{\"user_id\"::\"alice\",\"content_type\":\"image/png\"}", "{\"user_id\":\"alice\",,\"content_type\":\"image/png\"}",
            "{\"user_id\":\"alice\",\"user_id\":\"alice\"\"user_id\"}", "{\"user_id\":\"alice\",\"content_type\":\"image/png\"}{\"user_id\":\"bob\"}",
            "{\"user_id\":\"alice\",\"content_type\":\"image/png\"} trailing garbage", "{\"user_id\":\"al\\ice\",\"content_type\":\"image/png\"}",
            "{\"user_id\":\"\\uZZZZ\",\"content_type\":\"image/png\"}", "{\"user_id\":\"\\x41\",\"content_type\":\"image/png\"}",
            "{\"user_id\":\"unterminated,\"content_type\":\"image/png\"}", "{\"user_id\":'alice',\"content_type\":\"image/png\"}",
            "{\"user_id\":alice,\"content_type\":\"image/png\"}", "{\"user_id\":True,\"content_type\":\"image/png\"}",
            "{\"user_id\":undefined,\"content_type\":\"image/png\"}", "<upload><user_id>alice</user_id></upload>", "user_id=alice&content_type=image/png",
            "[]", "[{\"user_id\":\"alice\",\"content_type\":\"image/png\"}]", "\"text\"", "42", "true", "null", "   ", "\uFEFF",
            new string('[', 100_000),
        ];
        for (var i = 0; i < bodies.Length; i++)
            yield return UploadJson($"malformed JSON #{i} {Short(bodies[i])}", bodies[i]);
    }

    private static IEnumerable<HostileRequest> WrongMediaTypes()
    {
        var valid = Encoding.UTF8.GetBytes(UploadBody());
        yield return Post(ImageEndpoint.Upload, "text/plain with a JSON body", Upload, valid, "text/plain");
        yield return Post(ImageEndpoint.Upload, "no Content-Type with a JSON body", Upload, valid, null);
        yield return Post(ImageEndpoint.Upload, "application/octet-stream", Upload, valid, "application/octet-stream");
        yield return Post(ImageEndpoint.Upload, "image/png", Upload, valid, "image/png");
        yield return Post(ImageEndpoint.Upload, "application/xml with XML",
            Upload, "<upload><user_id>alice</user_id><content_type>image/png</content_type></upload>"u8.ToArray(), "application/xml");
        yield return Post(ImageEndpoint.Upload, "form-urlencoded",
            Upload, "user_id=alice&content_type=image%2Fpng"u8.ToArray(), "application/x-www-form-urlencoded");
        yield return Post(ImageEndpoint.Upload, "multipart/form-data", Upload, Encoding.UTF8.GetBytes(
            "--hostile\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nalice\r\n" +
            "--hostile\r\nContent-Disposition: form-data; name=\"content_type\"\r\n\r\nimage/png\r\n--hostile--\r\n"),
            "multipart/form-data; boundary=hostile");
        yield return Post(ImageEndpoint.Upload, "multipart/form-data with a JSON part", Upload, Encoding.UTF8.GetBytes(
            $"--b\r\nContent-Disposition: form-data; name=\"body\"\r\nContent-Type: application/json\r\n\r\n{UploadBody()}\r\n--b--\r\n"),
            "multipart/form-data; boundary=b");
        yield return Post(ImageEndpoint.Upload, "malformed Content-Type 'json'", Upload, valid, "json");
        yield return Post(ImageEndpoint.Upload, "malformed Content-Type 'application/'", Upload, valid, "application/");
        yield return Post(ImageEndpoint.Upload, "malformed Content-Type ';;;'", Upload, valid, ";;;");
        yield return Post(ImageEndpoint.Upload, "unknown charset", Upload, valid, "application/json; charset=bogus-charset");
        yield return Post(ImageEndpoint.Upload, "charset utf-7", Upload, valid, "application/json; charset=utf-7");
        yield return Post(ImageEndpoint.Upload, "charset utf-16 with a UTF-8 body", Upload, valid, "application/json; charset=utf-16");
        yield return Post(ImageEndpoint.Upload, "charset utf-32 with a UTF-8 body", Upload, valid, "application/json; charset=utf-32");
    }

    private static IEnumerable<HostileRequest> EmptyAndOversizedBodies()
    {
        yield return UploadBytes("empty body", []);
        yield return Post(ImageEndpoint.Upload, "empty body, no Content-Type", Upload, [], null);
        yield return Post(ImageEndpoint.Upload, "empty body, text/plain", Upload, [], "text/plain");
        yield return new HostileRequest("no body at all", ImageEndpoint.Upload, HttpMethod.Post, Upload);
        yield return UploadJson("2 MB JSON without user_id",
            UploadBody(userId: null, extra: $" \"padding\":{Quoted(new string('x', 2 * 1024 * 1024))} "));
        yield return UploadJson("2 MB JSON of wrong-typed tags", UploadBody(tags: "[" + string.Join(",", Enumerable.Repeat("1", 1024 * 1024)) + "]"));
        yield return UploadJson("8 MB JSON of whitespace and no user_id", "{" + new string(' ', 8 * 1024 * 1024) + "\"content_type\":\"image/png\"}");
    }

    // ---- /images/{image_id}, /images/{image_id}/download, /images/{image_id}/complete -----------------------------

    /// <summary>Id segments as they go on the wire (already percent-encoded). None of them is a UUID in "D" form.</summary>
    private static IEnumerable<(string Name, string Segment)> MalformedIdSegments()
    {
        var uuid = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
        yield return ("not a uuid", "not-a-uuid");
        yield return ("uuid without dashes", uuid.Replace("-", ""));
        yield return ("uuid in braces", "%7B" + uuid + "%7D");
        yield return ("uuid in parentheses", "(" + uuid + ")");
        yield return ("uuid with a leading space", "%20" + uuid);
        yield return ("uuid with a trailing tab", uuid + "%09");
        yield return ("uuid with a trailing newline", uuid + "%0A");
        yield return ("uuid with an extra character", uuid + "a");
        yield return ("uuid missing a character", uuid[..^1]);
        yield return ("uuid with a non-hex digit", "g" + uuid[1..]);
        yield return ("uuid in hex-struct form", "%7B0x3f2b8c1e,0x4d5a,0x4b6c,%7B0x8d,0x7e,0x9f,0x0a,0x1b,0x2c,0x3d,0x4e%7D%7D");
        yield return ("uuid with fullwidth digits", "%EF%BC%93" + uuid[1..]);
        yield return ("path traversal ..%2F..%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd");
        yield return ("path traversal %2e%2e%2f", "%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        yield return ("double-encoded traversal", "%252e%252e%252f%252e%252e%252fetc%252fpasswd");
        yield return ("backslash traversal", "..%5C..%5Cwindows%5Cwin.ini");
        yield return ("uuid then traversal", uuid + "%2F..%2F..");
        yield return ("id of 4000 chars", new string('a', 4_000));
        yield return ("uuid repeated to 3700 chars", string.Concat(Enumerable.Repeat(uuid, 100)));
        yield return ("a single space", "%20");
        yield return ("spaces and quotes", "%22%20OR%20%271%27%3D%271");
        yield return ("script tag", "%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        yield return ("percent-encoded em space", "%E2%80%83");
        yield return ("percent-encoded emoji", "%F0%9F%98%80");
        yield return ("percent-encoded lone surrogate (CESU-8)", "%ED%A0%80");
        yield return ("invalid percent-encoded UTF-8", "%FF%FE%FD");
        yield return ("a bare percent sign", "100%25");
        yield return ("a broken percent escape", "%zz");
        yield return ("control character BEL", "%07");
        yield return ("DynamoDB expression syntax", "%3Aimage_id%20OR%20attribute_exists(user_id)");
        yield return ("semicolon parameters", uuid + ";jsessionid=1");
        yield return ("the word upload", "upload");
    }

    private static IEnumerable<HostileRequest> MalformedIds(HostileTargets targets)
    {
        foreach (var (name, segment) in MalformedIdSegments())
        {
            yield return new($"get: {name}", ImageEndpoint.Get, HttpMethod.Get, $"/images/{segment}");
            yield return new($"download: {name}", ImageEndpoint.Download, HttpMethod.Get, $"/images/{segment}/download");
            yield return new($"delete: {name}", ImageEndpoint.Delete, HttpMethod.Delete, $"/images/{segment}");
            yield return new($"delete permanently: {name}", ImageEndpoint.Delete, HttpMethod.Delete, $"/images/{segment}?permanent=true");
            yield return new($"restore: {name}", ImageEndpoint.Restore, HttpMethod.Post, $"/images/{segment}/restore");
            yield return Post(ImageEndpoint.Complete, $"complete: {name}", $"/images/{segment}/complete", "{}"u8.ToArray(), Json);
        }

        // Dot segments that the server normalizes away: whatever route they land on, it must be a 4xx problem.
        yield return new("download: dot-dot segment", ImageEndpoint.Download, HttpMethod.Get, "/images/%2e%2e/download");
        yield return new("delete: dot-dot segment", ImageEndpoint.Delete, HttpMethod.Delete, "/images/%2e%2e");
        yield return Post(ImageEndpoint.Complete, "complete: dot-dot segment", "/images/%2e%2e/complete", null, null);
        yield return new("get: empty id segment", ImageEndpoint.Get, HttpMethod.Get, "/images//download");
        yield return Post(ImageEndpoint.Complete, "complete: empty id segment", "/images//complete", null, null);

        // complete takes no body: junk bodies with bad ids must still be a clean 4xx.
        var unknown = Guid.NewGuid().ToString();
        yield return Post(ImageEndpoint.Complete, "complete: unknown uuid with a junk JSON body", $"/images/{unknown}/complete", "{\"status\":\"available\",\"user_id\":"u8.ToArray(), Json);
        yield return Post(ImageEndpoint.Complete, "complete: unknown uuid with invalid UTF-8", $"/images/{unknown}/complete", [0x7B, 0x22, 0xFF, 0xFE, 0x22], Json);
        yield return Post(ImageEndpoint.Complete, "complete: unknown uuid with 2 MB of junk", $"/images/{unknown}/complete", RandomBytes(2 * 1024 * 1024, seed: 7), "application/octet-stream");
        yield return Post(ImageEndpoint.Complete, "complete: malformed id with an XML body", "/images/not-a-uuid/complete", "<complete/>"u8.ToArray(), "application/xml");
        yield return new("delete: malformed id with a JSON body", ImageEndpoint.Delete, HttpMethod.Delete, "/images/not-a-uuid",
            Encoding.UTF8.GetBytes($"{{\"image_id\":\"{targets.ImageId}\"}}"), Json);
        yield return new("get: malformed id with a 2 MB body", ImageEndpoint.Get, HttpMethod.Get, "/images/not-a-uuid",
            RandomBytes(2 * 1024 * 1024, seed: 9), "application/octet-stream");

        // Wrong methods on the image routes.
        yield return new("get: PUT on an image", ImageEndpoint.Get, HttpMethod.Put, $"/images/{unknown}", "{}"u8.ToArray(), Json);
        yield return new("get: PATCH on an image", ImageEndpoint.Get, HttpMethod.Patch, $"/images/{unknown}", "{}"u8.ToArray(), Json);
        yield return new("download: POST on download", ImageEndpoint.Download, HttpMethod.Post, $"/images/{unknown}/download");
        yield return new("complete: GET on complete", ImageEndpoint.Complete, HttpMethod.Get, $"/images/{unknown}/complete");
        yield return new("upload: GET on upload is a malformed id", ImageEndpoint.Upload, HttpMethod.Get, Upload);
        yield return new("upload: PUT on upload", ImageEndpoint.Upload, HttpMethod.Put, Upload, Encoding.UTF8.GetBytes(UploadBody()), Json);
        yield return new("empty trash: DELETE on the collection without trashed=true", ImageEndpoint.EmptyTrash, HttpMethod.Delete, "/images?user_id=alice");
    }

    /// <summary>Near misses of a real image's id: none of them may reach, confirm or delete it.</summary>
    private static IEnumerable<HostileRequest> RealImageLookalikes(HostileTargets targets)
    {
        var id = targets.ImageId;
        (string Name, string Segment)[] lookalikes =
        [
            ("real id in upper case", id.ToUpperInvariant()),
            ("real id without dashes", id.Replace("-", "")),
            ("real id in braces", "%7B" + id + "%7D"),
            ("real id with a trailing space", id + "%20"),
            ("real id with an extra character", id + "0"),
            ("real id missing its last character", id[..^1]),
            ("real id with a traversal suffix", id + "%2F..%2F" + id),
            ("real id twice", id + id),
        ];
        foreach (var (name, segment) in lookalikes)
        {
            yield return new($"get: {name}", ImageEndpoint.Get, HttpMethod.Get, $"/images/{segment}");
            yield return new($"download: {name}", ImageEndpoint.Download, HttpMethod.Get, $"/images/{segment}/download");
            yield return new($"delete: {name}", ImageEndpoint.Delete, HttpMethod.Delete, $"/images/{segment}");
            yield return new($"restore: {name}", ImageEndpoint.Restore, HttpMethod.Post, $"/images/{segment}/restore");
            yield return Post(ImageEndpoint.Complete, $"complete: {name} with a junk body", $"/images/{segment}/complete",
                Encoding.UTF8.GetBytes($"{{\"status\":\"rejected\",\"image_id\":\"{id}\",\"size_bytes\":-1"), Json);
        }
        yield return new("delete: real id with an extra path segment", ImageEndpoint.Delete, HttpMethod.Delete, $"/images/{id}/extra");
        yield return new("delete: real id's download route", ImageEndpoint.Delete, HttpMethod.Delete, $"/images/{id}/download");
        yield return Post(ImageEndpoint.Complete, "complete: real id with an extra path segment", $"/images/{id}/complete/again", null, null);
        yield return new("list: real owner with an invalid limit", ImageEndpoint.List, HttpMethod.Get, $"/images?user_id={targets.ImageOwner}&limit=0");
    }

    // ---- the trash: restore, permanent delete, emptying -------------------------------------------------------------

    private static IEnumerable<HostileRequest> BadTrashRequests(HostileTargets targets)
    {
        var owner = targets.ImageOwner;
        string[] badFlags = ["1", "yes", "TRUE%20", "%20true", "true%00", "tru", "null", new string('t', 5_000)];
        foreach (var value in badFlags)
        {
            yield return new($"empty trash: trashed={Short(value)}", ImageEndpoint.EmptyTrash, HttpMethod.Delete, $"/images?trashed={value}&user_id={owner}");
            yield return new($"delete: permanent={Short(value)}", ImageEndpoint.Delete, HttpMethod.Delete, $"/images/{targets.ImageId}?permanent={value}");
            yield return new($"list: trashed={Short(value)}", ImageEndpoint.List, HttpMethod.Get, $"/images?trashed={value}&user_id={owner}");
        }
        yield return new("empty trash: no user", ImageEndpoint.EmptyTrash, HttpMethod.Delete, "/images?trashed=true");
        yield return new("empty trash: the real owner without trashed", ImageEndpoint.EmptyTrash, HttpMethod.Delete, $"/images?user_id={owner}");
        yield return new("empty trash: trashed=false", ImageEndpoint.EmptyTrash, HttpMethod.Delete, $"/images?trashed=false&user_id={owner}");
        string[] badUserIds = ["", "%20", "%09", "%E2%80%83", "%00", "alice%00", "%07", "%1B%5B31m", "%7F", new string('u', 129), new string('u', 5_000)];
        foreach (var value in badUserIds)
        {
            yield return new($"empty trash: user_id {Short(value)}", ImageEndpoint.EmptyTrash, HttpMethod.Delete, $"/images?trashed=true&user_id={value}");
        }
        yield return new("restore: an image that is not in the trash", ImageEndpoint.Restore, HttpMethod.Post, $"/images/{targets.ImageId}/restore");
        yield return new("restore: GET on restore", ImageEndpoint.Restore, HttpMethod.Get, $"/images/{targets.ImageId}/restore");
    }

    // ---- GET /images ----------------------------------------------------------------------------------------------

    private static IEnumerable<HostileRequest> BadListingParameters()
    {
        // Values go on the wire exactly as written: percent-encoding is part of the test.
        string[] badUserIds =
        [
            "", "%20", "%20%20%20", "%09", "%E2%80%83", "%C2%A0", "%00", "alice%00", "%07", "%1B%5B31m", "%7F", "%C2%85",
            new string('u', 129), new string('u', 5_000),
        ];
        foreach (var value in badUserIds) yield return List($"user_id {Short(value)}", $"user_id={value}");

        string[] badTags = ["", "%20", "%E2%80%83", "%00", "%07", new string('t', 65), new string('t', 5_000)];
        foreach (var value in badTags) yield return List($"tag {Short(value)}", $"tag={value}");

        string[] badDates =
        [
            "", "%20", "garbage", "2024-13-45", "2024-02-30", "2023-02-29", "2024-00-10", "2024-01-00", "2024-1-1",
            "24-01-01", "2024%2F01%2F01", "01-02-2024", "31.01.2024", "1700000000", "1700000000000", "-1", "0",
            "10000-01-01", "-2024-01-01", "2024-01-01%20", "%202024-01-01", "2024-01-01%00", "2024-01-01T25%3A00%3A00Z",
            "2024-01-01T12%3A60%3A00Z", "2024-01-01T12%3A00%3A00%2B25%3A00", "2024-01-01Tgarbage000000", "TTTTTTTTTTTTTTTTTTTT",
            "now", "today", "yesterday", "%E2%80%83", "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94-01-01", new string('9', 5_000),
        ];
        foreach (var value in badDates)
        {
            yield return List($"start_date {Short(value)}", $"start_date={value}");
        }
        foreach (var value in badDates.Where((_, i) => i % 3 == 0))
        {
            yield return List($"end_date {Short(value)}", $"end_date={value}");
        }
        yield return List("end before start", "start_date=2024-02-02&end_date=2024-01-01");
        yield return List("end before start by a second", "start_date=2024-01-01T12%3A00%3A01Z&end_date=2024-01-01T12%3A00%3A00Z");
        yield return List("end before start across offsets", "start_date=2024-01-01T12%3A00%3A00Z&end_date=2024-01-01T13%3A00%3A00%2B02%3A00");
        yield return List("end before start for a user", "user_id=alice&start_date=2030-01-01&end_date=2020-01-01");

        string[] badLimits =
        [
            "0", "-1", "1001", "abc", "1e3", "", "%20", "%205", "5%20", "%2B5", "1.0", "1%2C000", "0x10", "99999999999999999999",
            "2147483648", "-2147483649", "%D9%A1%D9%A0", "%EF%BC%95", "5%00", "NaN", "Infinity", "null", "true",
        ];
        foreach (var value in badLimits) yield return List($"limit {Short(value)}", $"limit={value}");
        yield return List("limit given twice", "limit=1&limit=2");
        yield return List("every parameter bad at once",
            "user_id=%00&tag=&start_date=2024-13-45&end_date=garbage&limit=-1&cursor=%%%");
        yield return List("unknown parameters and a bad limit", "limit=0&admin=true&$where=1%3D1&user_id%5B%5D=alice");
        yield return List("lenient-decoded lone surrogate user_id with a bad limit", "user_id=%ED%A0%80&limit=0");
        yield return List("invalid percent-encoding in user_id with a bad limit", "user_id=%FF%FE&limit=abc");
        yield return List("broken percent escape in tag with a bad limit", "tag=%zz&limit=0");
        yield return List("a query string of 7000 chars with a bad limit", "limit=0&junk=" + new string('j', 7_000));
    }

    private static IEnumerable<HostileRequest> BadCursors(HostileTargets targets)
    {
        var owner = targets.CursorOwner;
        var real = targets.UserCursor;
        var (payload, tag) = Split(real);
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload));
        var someoneElse = "user-" + Guid.NewGuid().ToString("N")[..12];

        string[] garbage =
        [
            "", "%20", "garbage", "bm90LWEtY3Vyc29y", "bm90LWEtY3Vyc29y.AAAA", ".", "..", "a.b.c", "%%%", "%00", "%FF%FE",
            "e30", "e30.e30", "W10.AAAAAAAAAAAAAAAAAAAAAA", "bnVsbA.AAAAAAAAAAAAAAAAAAAAAA", new string('A', 2_049),
            new string('A', 6_000) + ".AAAA", "%E2%80%83", "eyJVIjpudWxsLCJLIjp7fX0",
        ];
        foreach (var value in garbage)
        {
            yield return List($"cursor {Short(value)}", $"user_id={owner}&cursor={value}");
        }
        foreach (var value in garbage.Take(6))
        {
            yield return List($"cursor {Short(value)} without user_id", $"cursor={value}");
        }

        var forgedKey = "{\"U\":\"" + owner + "\",\"K\":{\"image_id\":\"" + Guid.NewGuid() + "\",\"user_id\":\"" + owner
            + "\",\"upload_time\":\"2024-01-01T00:00:00.0000000Z\"}}";
        var forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forgedKey));
        yield return List("forged cursor, unsigned (the old format)", $"user_id={owner}&cursor={forgedPayload}");
        yield return List("forged cursor with a random tag", $"user_id={owner}&cursor={forgedPayload}.{Base64Url.EncodeToString(RandomBytes(16, seed: 1))}");
        yield return List("forged cursor with the real cursor's tag", $"user_id={owner}&cursor={forgedPayload}.{tag}");
        yield return List("forged cursor for the full listing",
            $"cursor={Base64Url.EncodeToString("""{"U":null,"K":{"image_id":"zzzz"}}"""u8)}.{Base64Url.EncodeToString(RandomBytes(16, seed: 2))}");

        var edited = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(decoded.Replace(owner, someoneElse)));
        yield return List("real cursor edited to another user", $"user_id={someoneElse}&cursor={edited}.{tag}");
        yield return List("real cursor with its tag dropped", $"user_id={owner}&cursor={payload}");
        yield return List("real cursor with its tag edited", $"user_id={owner}&cursor={payload}.{Flip(tag)}");
        yield return List("real cursor with its payload edited", $"user_id={owner}&cursor={Flip(payload)}.{tag}");
        yield return List("real cursor truncated", $"user_id={owner}&cursor={real[..^2]}");
        yield return List("real cursor with junk appended", $"user_id={owner}&cursor={real}AAAA");
        yield return List("real cursor twice", $"user_id={owner}&cursor={real}.{real}");
        yield return List("real cursor reused with a date range that excludes its position",
            $"user_id={owner}&start_date=2000-01-01&end_date=2000-01-02&cursor={real}");
        yield return List("real cursor reused with a start_date after its position", $"user_id={owner}&start_date=2100-01-01&cursor={real}");
        yield return List("real cursor reused with an end_date before its position", $"user_id={owner}&end_date=2000-01-01&cursor={real}");
        yield return List("real cursor used for another user", $"user_id={someoneElse}&cursor={real}");
        yield return List("real cursor used with the owner's id in upper case", $"user_id={owner.ToUpperInvariant()}&cursor={real}");
        yield return List("real cursor used without user_id", $"cursor={real}");
        yield return List("real cursor with a bad limit", $"user_id={owner}&limit=0&cursor={real}");
        yield return List("real cursor given twice", $"user_id={owner}&cursor={real}&cursor={real}");
        yield return List("full-listing cursor used for a user", $"user_id={owner}&cursor={targets.EveryoneCursor}");
        yield return List("full-listing cursor used for the image owner", $"user_id={targets.ImageOwner}&cursor={targets.EveryoneCursor}");
        yield return List("full-listing cursor edited", $"cursor={Flip(Split(targets.EveryoneCursor).Payload)}.{Split(targets.EveryoneCursor).Tag}");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /// <summary>An upload body; each argument is a raw JSON value, or null to leave the field out.</summary>
    private static string UploadBody(
        string? userId = "\"alice\"", string? contentType = "\"image/png\"", string? tags = null, string? description = null,
        string? sizeBytes = null, string? extra = null)
    {
        var fields = new List<string>();
        if (userId is not null) fields.Add($"\"user_id\":{userId}");
        if (contentType is not null) fields.Add($"\"content_type\":{contentType}");
        if (tags is not null) fields.Add($"\"tags\":{tags}");
        if (description is not null) fields.Add($"\"description\":{description}");
        if (sizeBytes is not null) fields.Add($"\"size_bytes\":{sizeBytes}");
        if (extra is not null) fields.Add(extra);
        return "{" + string.Join(",", fields) + "}";
    }

    private static HostileRequest UploadJson(string name, string body) => UploadBytes(name, Encoding.UTF8.GetBytes(body));

    private static HostileRequest UploadBytes(string name, byte[] body) => Post(ImageEndpoint.Upload, name, Upload, body, Json);

    private static HostileRequest Post(ImageEndpoint endpoint, string name, string path, byte[]? body, string? contentType) =>
        new(name, endpoint, HttpMethod.Post, path, body, contentType);

    private static HostileRequest List(string name, string query) => new(name, ImageEndpoint.List, HttpMethod.Get, $"/images?{query}");

    private static string Quoted(string text) => "\"" + text + "\"";

    private static string TagArray(int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"tag{i}\"")) + "]";

    private static byte[] Utf8Around(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Short(string text) => text.Length <= 40 ? text : $"{text[..20]}… ({text.Length} chars)";

    private static (string Payload, string Tag) Split(string cursor)
    {
        var dot = cursor.IndexOf('.');
        return dot < 0 ? (cursor, "") : (cursor[..dot], cursor[(dot + 1)..]);
    }

    /// <summary>Changes the first character to another base64url character.</summary>
    private static string Flip(string text) => text.Length == 0 ? "A" : (text[0] == 'A' ? 'B' : 'A') + text[1..];

    /// <summary>Only printable ASCII may go on the request line; anything else must be percent-encoded by the generator.</summary>
    public static bool IsSendable(HostileRequest request) =>
        request.PathAndQuery.StartsWith('/') && request.PathAndQuery.Length < 8_000
        && request.PathAndQuery.All(c => c is > ' ' and < (char)0x7F and not '#');
}
