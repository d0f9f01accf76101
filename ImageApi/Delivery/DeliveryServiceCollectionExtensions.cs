using Microsoft.Extensions.Options;

namespace CloudImageService.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates section "Delivery" at start-up, and registers the <see cref="CloudFrontUrlSigner"/> of its key
    /// (resolvable in CloudFront mode only; the key is parsed once, when first resolved).
    /// </summary>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>()
            .BindConfiguration(DeliveryOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            return options.Mode == DeliveryMode.CloudFront
                ? new CloudFrontUrlSigner(options.KeyPairId!, options.PrivateKey!)
                : throw new InvalidOperationException("Delivery:Mode is not CloudFront: URLs are S3 presigned, there is no CloudFront signer.");
        });
        return builder;
    }
}
