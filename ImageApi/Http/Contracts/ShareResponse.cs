using System.ComponentModel;
using System.Text.Json.Serialization;
using CloudImageService.Shares;

namespace CloudImageService.Http.Contracts;

/// <summary>A link as its owner sees it. The url (holding the secret token) is in the answer to its creation only.</summary>
public sealed record ShareResponse(
    [property: Description("Names the link to revoke it; the SHA-256 of its token, which it does not reveal.")]
    string Id,
    string? Title,
    string[] ImageIds,
    DateTime CreatedAt,
    DateTime ExpiresAt,
    bool AllowOriginal)
{
    [Description("The public page, /s/{token}: only in the answer to POST /shares (the token is stored only hashed).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? Url { get; init; }

    public static ShareResponse From(Share share) =>
        new(share.Id, share.Title, [.. share.ImageIds], share.CreatedAt, share.ExpiresAt, share.AllowOriginal);
}
