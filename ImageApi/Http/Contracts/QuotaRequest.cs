using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

/// <summary>An admin's override of one user's quota; a null (or missing) limit removes the override, so the default applies.</summary>
public sealed record QuotaRequest(
    [property: Description("Bytes the user may store; 0: unlimited; null: the default (Quotas:DefaultBytes).")] long? BytesLimit,
    [property: Description("Images the user may store; 0: unlimited; null: the default (Quotas:DefaultImages).")] long? ImagesLimit);
