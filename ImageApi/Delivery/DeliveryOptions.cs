namespace CloudImageService.Delivery;

public enum DeliveryMode
{
    /// <summary>Download and thumbnail URLs are S3 presigned URLs (the local modes, and a deployment without CloudFront).</summary>
    S3,

    /// <summary>They are CloudFront signed URLs on <see cref="DeliveryOptions.CloudFrontDomain"/>, signed with one key that every task shares.</summary>
    CloudFront,
}

/// <summary>Section "Delivery": how browsers fetch the bytes of images and thumbnails. See docs/delivery.md.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    public DeliveryMode Mode { get; set; } = DeliveryMode.S3;

    /// <summary>The distribution's domain name (e.g. <c>d111111abcdef8.cloudfront.net</c>) or its custom domain: a host name, no scheme.</summary>
    public string? CloudFrontDomain { get; set; }

    /// <summary>The id CloudFront gave the public key of <see cref="PrivateKey"/> (a member of the distribution's trusted key group).</summary>
    public string? KeyPairId { get; set; }

    /// <summary>
    /// The RSA private key (PEM, PKCS#1 or PKCS#8, unencrypted) whose public key is <see cref="KeyPairId"/>. On AWS it reaches
    /// the task as an ECS secret from Secrets Manager. A secret: <see cref="ToString"/> never shows it.
    /// </summary>
    public string? PrivateKey { get; set; }

    public override string ToString() =>
        $"Delivery {{ Mode = {Mode}, CloudFrontDomain = {CloudFrontDomain ?? "(none)"}, KeyPairId = {KeyPairId ?? "(none)"}, "
        + $"PrivateKey = {(string.IsNullOrEmpty(PrivateKey) ? "(none)" : "(set, not shown)")} }}";
}
