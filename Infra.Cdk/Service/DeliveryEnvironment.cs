using CloudImageService.Infra.Delivery;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace CloudImageService.Infra.Service;

/// <summary>
/// The ImageApi's section "Delivery" (DeliveryOptions) when the storage stack has a distribution: the API signs
/// CloudFront URLs with the key group's first key. The private key is an ECS secret, read from Secrets Manager by the
/// execution role when a task starts; the task role gets no access to it, and no template holds it.
/// </summary>
public static class DeliveryEnvironment
{
    public const string Mode = "Delivery__Mode";
    public const string ModeCloudFront = "CloudFront";
    public const string CloudFrontDomain = "Delivery__CloudFrontDomain";
    public const string KeyPairId = "Delivery__KeyPairId";
    public const string PrivateKey = "Delivery__PrivateKey";

    /// <summary>
    /// Adds the variables and the secret. The key pair id and the secret change together, in one task definition
    /// revision, so no task ever pairs one key's id with another key's private key during a rotation.
    /// </summary>
    public static void AddTo(ImageDelivery delivery, IDictionary<string, string> environment, IDictionary<string, EcsSecret> secrets)
    {
        environment[Mode] = ModeCloudFront;
        environment[CloudFrontDomain] = delivery.Distribution.DistributionDomainName;
        environment[KeyPairId] = delivery.SigningKey.PublicKey.PublicKeyId;
        secrets[PrivateKey] = EcsSecret.FromSecretsManager(delivery.SigningKey.PrivateKey);
    }
}
