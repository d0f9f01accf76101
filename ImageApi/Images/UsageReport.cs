namespace CloudImageService.Images;

/// <summary>What a user stores and may store: null limits are unlimited; the trash is counted in the usage and shown apart.</summary>
public sealed record UsageReport(
    string UserId, long Bytes, long Images, long? LimitBytes, long? LimitImages, long TrashedBytes, long TrashedImages);

/// <summary>
/// An upload refused because it would pass the user's quota: which limit (<see cref="QuotaLimits.Bytes"/> or
/// <see cref="QuotaLimits.Images"/>), the usage and the limit of that kind, what the upload would add, and the user's
/// whole report (with what emptying the trash would free).
/// </summary>
public sealed record QuotaRefusal(string Kind, long Usage, long Limit, long Requested, UsageReport Report)
{
    public string Reason => Kind == QuotaLimits.Bytes
        ? $"This upload of {Requested} bytes would pass your storage quota: {Usage} of {Limit} bytes are used"
          + (Report.TrashedBytes > 0 ? $", {Report.TrashedBytes} of them by images in the trash; empty the trash to free them." : ".")
        : $"This upload would pass your quota of {Limit} {(Limit == 1 ? "image" : "images")}: you have {Usage}"
          + (Report.TrashedImages > 0 ? $", {Report.TrashedImages} of them in the trash; empty the trash to free room." : ".");
}

/// <summary>The kinds of limit a quota has.</summary>
public static class QuotaLimits
{
    public const string Bytes = "bytes";
    public const string Images = "images";
}
