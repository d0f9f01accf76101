using System.ComponentModel.DataAnnotations;

namespace CloudImageService.Images;

/// <summary>Every user's default quota; an admin overrides it per user. Section "Quotas". Zero means unlimited.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>Bytes a user may store (originals and their thumbnails, the trash included); 0: unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long DefaultBytes { get; set; }

    /// <summary>Images a user may store (the trash included); 0: unlimited.</summary>
    [Range(0, long.MaxValue)]
    public long DefaultImages { get; set; }
}
