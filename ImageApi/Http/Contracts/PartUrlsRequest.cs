using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

/// <summary>Which parts of a multipart upload to sign URLs for.</summary>
public sealed record PartUrlsRequest([property: Description("At most 100 parts per call.")] List<PartToSign>? Parts);
