using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

public sealed record PartToSign(
    [property: Description("1 to part_count.")] int PartNumber,
    [property: Description(
        "Base64 SHA-256 of this part's bytes: signed into its URL as x-amz-checksum-sha256. Required when the upload "
        + "declared sha256.")]
    string? Sha256 = null);
