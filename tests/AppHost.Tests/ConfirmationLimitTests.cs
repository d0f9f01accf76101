using System.Net;

namespace AppHost.Tests;

/// <summary>
/// Confirmations have a per-caller limit of their own (Ingest:MaxConfirmationsPerCaller, 2 by default): a user who
/// confirms many large images at once gets 429 with Retry-After for those past the limit, before any byte of them is
/// read, and each of them confirms once retried.
/// </summary>
[Collection(SecuredCollection.Name)]
public class ConfirmationLimitTests(SecuredFixture service)
{
    [Fact]
    public async Task A_caller_confirming_more_images_at_once_than_its_share_gets_429_with_retry_after_for_the_rest()
    {
        var token = service.Token(ImageApiClient.NewUserId());
        var jpeg = TestImages.Jpeg(4000, 3000);
        var ids = new List<string>();
        for (var i = 0; i < SecuredFixture.UploadLimit; i++)
        {
            using var response = await service.SendAsync(HttpMethod.Post, "/images/upload", token, new { content_type = "image/jpeg" });
            var upload = await ImageApiClient.ReadObjectAsync(response);
            (await service.PutAsync(upload["upload_url"]!.GetValue<string>(), jpeg, "image/jpeg")).Dispose();
            ids.Add(upload["image_id"]!.GetValue<string>());
        }

        var answers = await Task.WhenAll(ids.Select(id => service.SendAsync(HttpMethod.Post, $"/images/{id}/complete", token)));

        Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var refused = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, answer => Assert.NotNull(answer.Headers.RetryAfter));
        Assert.Contains("being confirmed already", (await ImageApiClient.ReadJsonAsync(refused[0]))["detail"]!.GetValue<string>());
        foreach (var (id, answer) in ids.Zip(answers).Where(pair => pair.Second.StatusCode == HttpStatusCode.TooManyRequests))
        {
            using var retried = await service.SendAsync(HttpMethod.Post, $"/images/{id}/complete", token);
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }
        foreach (var answer in answers) answer.Dispose();
    }
}
