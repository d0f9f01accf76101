using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

public abstract record UploadCheck
{
    public sealed record NotUploaded : UploadCheck;
    public sealed record Valid(long SizeBytes, string? ETag) : UploadCheck;
    public sealed record Invalid(string Reason) : UploadCheck;
}

/// <summary>Checks what arrived in S3 against what the record declared: size, type, and the file's own first bytes.</summary>
public sealed class UploadVerifier(ImageObjects objects, IOptions<ImageOptions> options)
{
    private readonly ImageOptions _limits = options.Value;

    public async Task<UploadCheck> CheckAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        var stored = await objects.DescribeAsync(record.ObjectKey, cancellationToken);
        if (stored is null) return new UploadCheck.NotUploaded();

        if (stored.Length < 1)
            return new UploadCheck.Invalid("The uploaded file is empty.");
        if (stored.Length > _limits.MaxUploadBytes)
            return new UploadCheck.Invalid($"The uploaded file has {stored.Length} bytes; at most {_limits.MaxUploadBytes} are accepted.");
        if (record.SizeBytes is { } declared && declared != stored.Length)
            return new UploadCheck.Invalid($"The uploaded file has {stored.Length} bytes but {declared} were declared.");
        if (!string.Equals(stored.ContentType, record.ContentType, StringComparison.OrdinalIgnoreCase))
            return new UploadCheck.Invalid($"The upload was stored as '{stored.ContentType}' but '{record.ContentType}' was declared.");

        var head = await objects.ReadHeadAsync(record.ObjectKey, ImageSignatures.HeadLength, cancellationToken);
        if (head is null) return new UploadCheck.NotUploaded();
        if (!ImageSignatures.Matches(record.ContentType, head))
            return new UploadCheck.Invalid($"The uploaded bytes are not a {record.ContentType} image.");

        return new UploadCheck.Valid(stored.Length, stored.ETag);
    }
}
