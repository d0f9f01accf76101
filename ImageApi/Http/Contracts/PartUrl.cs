using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

public sealed record PartUrl(
    int PartNumber,
    [property: Description("PUT exactly this part's bytes here, with upload_headers.")] Uri UploadUrl,
    IReadOnlyDictionary<string, string> UploadHeaders);
