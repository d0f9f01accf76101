using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Http;

/// <summary>
/// Checks an upload request against <see cref="ImageOptions"/>. Errors are keyed by the snake_case field name the
/// client sent, so a 400 names exactly what to fix.
/// </summary>
public sealed class UploadRequestValidator(IOptions<ImageOptions> options, IOptions<IngestFacts> settings)
{
    private readonly ImageOptions _limits = options.Value;
    private IReadOnlyList<string>? _accepted;

    public Dictionary<string, string[]> Validate(UploadRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON object with user_id and content_type is required."];
            return errors;
        }

        if (InputRules.CheckUserId(request.UserId, _limits.MaxUserIdLength, required: true) is { } userIdError)
            errors["user_id"] = [userIdError];

        if (string.IsNullOrWhiteSpace(request.ContentType))
            errors["content_type"] = ["content_type is required."];
        else if (!IsAllowedContentType(request.ContentType))
            errors["content_type"] =
                [$"'{Truncate(request.ContentType)}' is not an accepted image type. Accepted: {string.Join(", ", AcceptedContentTypes)}."];

        ValidateTags(request.Tags, errors);

        var maxBytes = _limits.MaxBytesOf(IsMultipart(request));
        if (request.SizeBytes is { } size && (size < 1 || size > maxBytes))
            errors["size_bytes"] = [$"size_bytes must be from 1 to {maxBytes} ({maxBytes / (1024 * 1024)} MiB)"
                + (IsMultipart(request) ? "." : $"; up to {_limits.MaxMultipartUploadBytes / (1024 * 1024)} MiB in parts (multipart: true).")];
        if (request.Multipart == true && request.SizeBytes is null)
            errors["size_bytes"] = ["size_bytes is required for a multipart upload: it sets the number of parts."];
        else if (_limits.RequireDeclaredSize && request.SizeBytes is null)
            errors["size_bytes"] = ["size_bytes is required here: the upload URL is signed for exactly that many bytes."];
        if (request.Sha256 is not null && !InputRules.IsSha256Hex(request.Sha256))
            errors["sha256"] = ["sha256 must be 64 hexadecimal characters (the SHA-256 of the bytes)."];

        if (request.Description is { Length: var length } && length > _limits.MaxDescriptionLength)
            errors["description"] = [$"description is limited to {_limits.MaxDescriptionLength} characters."];

        return errors;
    }

    /// <summary>
    /// In parts only when the client asks: clients that send size_bytes without knowing parts (the original service's,
    /// this gallery's) keep their single PUT and their 400 above <see cref="ImageOptions.MaxUploadBytes"/>.
    /// </summary>
    public bool IsMultipart(UploadRequest request) => request is { Multipart: true, SizeBytes: not null };

    /// <summary>Configured and decodable: every upload is verified by decoding it, so nothing else can ever succeed.</summary>
    public IReadOnlyList<string> AcceptedContentTypes => _accepted ??=
        [.. _limits.AllowedContentTypes.Where(type => settings.Value.DecodableContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))];

    public bool IsAllowedContentType(string contentType) =>
        AcceptedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase);

    /// <summary>Tags as stored: trimmed, each once, in the order given.</summary>
    public static IReadOnlyList<string> NormalizeTags(IEnumerable<string>? tags) =>
        [.. (tags ?? []).Select(tag => tag.Trim()).Distinct(StringComparer.Ordinal)];

    private void ValidateTags(List<string>? tags, Dictionary<string, string[]> errors)
    {
        if (tags is null) return;
        if (tags.Count > _limits.MaxTags)
        {
            errors["tags"] = [$"At most {_limits.MaxTags} tags are allowed."];
            return;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            if (InputRules.CheckText(tags[i], "tag", _limits.MaxTagLength) is { } tagError)
                errors[$"tags[{i}]"] = [tagError];
        }
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
