using System.Net;

namespace AppHost.Tests;

/// <summary>
/// Share links with JWT auth: the owner is the token's subject, other users cannot share, list or revoke what is not
/// theirs, and a link's visitor needs no token at all.
/// </summary>
[Collection(SecuredCollection.Name)]
public class SecuredShareTests(SecuredFixture service)
{
    [Fact]
    public async Task The_owner_is_the_tokens_subject_others_are_refused_and_visitors_need_no_token()
    {
        var alice = ImageApiClient.NewUserId();
        var aliceToken = service.Token(alice);
        var bob = service.Token(ImageApiClient.NewUserId());
        var (imageId, _) = await service.OwnImageAsync(alice);

        using (var anonymous = await service.SendAsync(HttpMethod.Post, "/shares", null, new { image_ids = new[] { imageId } }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var bobs = await service.SendAsync(HttpMethod.Post, "/shares", bob, new { image_ids = new[] { imageId } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bobs.StatusCode);
        }

        using var create = await service.SendAsync(HttpMethod.Post, "/shares", aliceToken, new { image_ids = new[] { imageId } });
        var created = await ImageApiClient.ReadObjectAsync(create);
        var id = created["id"]!.GetValue<string>();
        var token = new Uri(created["url"]!.GetValue<string>()).Segments[^1];

        using (var list = await service.SendAsync(HttpMethod.Get, $"/shares?user_id={alice}", bob)) Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using (var revoke = await service.SendAsync(HttpMethod.Delete, $"/shares/{id}", bob)) Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        using (var open = await service.SendAsync(HttpMethod.Get, $"/s/{token}/images", null))
        {
            var images = (await ImageApiClient.ReadObjectAsync(open))["images"]!.AsArray();
            Assert.Equal(imageId, Assert.Single(images)!["image_id"]!.GetValue<string>());
        }
        using (var own = await service.SendAsync(HttpMethod.Get, "/shares", aliceToken))
        {
            Assert.Equal(id, Assert.Single((await ImageApiClient.ReadJsonAsync(own)).AsArray())!["id"]!.GetValue<string>());
        }
        using (var revoke = await service.SendAsync(HttpMethod.Delete, $"/shares/{id}", aliceToken)) Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
    }
}
