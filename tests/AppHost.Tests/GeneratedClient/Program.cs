// The walkthrough of README, written against a client that Kiota generated from the served /openapi/v1.json.
// KiotaClientTests generates the client, builds this program with it and runs it against the live API.
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Generated.Images;
using Generated.Images.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;

var (baseUrl, imagePath) = (args[0], args[1]);
var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider()) { BaseUrl = baseUrl };
var client = new ImagesClient(adapter);
var userId = "kiota-" + Guid.NewGuid().ToString("N")[..8];
var bytes = await File.ReadAllBytesAsync(imagePath);

var upload = await client.Images.Upload.PostAsync(new UploadRequest
{
    UserId = userId,
    ContentType = UploadRequest_content_type.ImagePng,
    Tags = ["kiota"],
    Description = "Uploaded by a generated client",
    SizeBytes = bytes.Length,
}) ?? throw new InvalidOperationException("no upload response");
var imageId = upload.ImageId ?? throw new InvalidOperationException("no image_id");

using var plain = new HttpClient();
using var content = new ByteArrayContent(bytes);
content.Headers.ContentType = MediaTypeHeaderValue.Parse((string)upload.UploadHeaders!.AdditionalData["Content-Type"]);
using (var put = await plain.PutAsync(upload.UploadUrl, content)) put.EnsureSuccessStatusCode();

var image = await client.Images[imageId].Complete.PostAsync();
Expect(image?.Status == "available", $"complete: {image?.Status}");
Expect(image!.Sha256 == Convert.ToHexStringLower(SHA256.HashData(bytes)), "sha256");

var listed = await client.Images.GetAsync(request =>
{
    request.QueryParameters.UserId = userId;
    request.QueryParameters.ThumbnailSize = 256;
});
Expect(listed is [{ ThumbnailUrl: { Length: > 0 } }] && listed[0].ImageId == imageId, "list with thumbnail");

var download = await client.Images[imageId].Download.GetAsync();
var downloaded = await plain.GetByteArrayAsync(download!.DownloadUrl);
Expect(downloaded.SequenceEqual(bytes), "downloaded bytes");

var deleted = await client.Images[imageId].DeleteAsync();
Expect(deleted?.Message == "Image deleted successfully", $"delete: {deleted?.Message}");

try
{
    await client.Images[imageId].Download.GetAsync();
    Expect(false, "download after delete did not fail");
}
catch (ProblemDetails problem)
{
    Expect(problem.Status == 404 && problem.Detail == "Image not found", $"after delete: {problem.Status} {problem.Detail}");
}

// The same bytes again, in parts (one part here: the last part may be small), with a declared hash.
var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
var multipart = await client.Images.Upload.PostAsync(new UploadRequest
{
    UserId = userId,
    ContentType = UploadRequest_content_type.ImagePng,
    SizeBytes = bytes.Length,
    Multipart = true,
    Sha256 = sha256,
}) ?? throw new InvalidOperationException("no multipart upload response");
var partsId = multipart.ImageId ?? throw new InvalidOperationException("no multipart image_id");
Expect(multipart.UploadUrl is null && multipart.PartCount == 1 && multipart.PartSize >= bytes.Length, "multipart answer");
var signed = await client.Images[partsId].Parts.PostAsync(new PartUrlsRequest
{
    Parts = [new PartToSign { PartNumber = 1, Sha256 = Convert.ToBase64String(SHA256.HashData(bytes)) }],
});
var part = signed!.Parts![0];
using (var partContent = new ByteArrayContent(bytes))
{
    partContent.Headers.Add("x-amz-checksum-sha256", (string)part.UploadHeaders!.AdditionalData["x-amz-checksum-sha256"]);
    using var partPut = await plain.PutAsync(part.UploadUrl, partContent);
    partPut.EnsureSuccessStatusCode();
}
var stored = await client.Images[partsId].Parts.GetAsync();
Expect(stored?.Parts is [{ PartNumber: 1 }] && stored.Parts[0].SizeBytes == bytes.Length, "listed parts");
var assembled = await client.Images[partsId].Complete.PostAsync();
Expect(assembled?.Status == "available" && assembled.Sha256 == sha256, $"multipart complete: {assembled?.Status}");

try
{
    await client.Images.Upload.PostAsync(new UploadRequest { UserId = userId, ContentType = UploadRequest_content_type.ImagePng, Sha256 = sha256 });
    Expect(false, "a duplicate was not refused");
}
catch (ProblemDetails problem)
{
    var existing = (problem.AdditionalData.TryGetValue("existing_image_id", out var value) ? value : null) switch
    {
        UntypedString text => text.GetValue(),
        var other => other?.ToString(),
    };
    Expect(problem.Status == 409 && existing == partsId.ToString(), $"duplicate: {problem.Status} {existing}");
}

Console.WriteLine($"WALKTHROUGH OK {imageId} {image.Width}x{image.Height}");
return 0;

static void Expect(bool condition, string what)
{
    if (!condition) throw new InvalidOperationException("walkthrough step failed: " + what);
}
