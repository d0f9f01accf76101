using CloudImageService.Images;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudImageService.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates section "Delivery" at start-up, and registers the <see cref="CloudFrontUrlSigner"/> of its key
    /// (resolvable in CloudFront mode only; the key is parsed once, when first resolved). In CloudFront mode, download and
    /// thumbnail URLs are the distribution's (<see cref="CloudFrontObjectUrlSigner"/>); uploads stay S3 presigned. Call
    /// after <c>AddImageStorage</c>, whose signer this one wraps.
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
        builder.Services.Replace(ServiceDescriptor.Singleton<IObjectUrlSigner>(services =>
        {
            var options = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            var s3 = services.GetRequiredService<ObjectUrlSigner>();
            return options.Mode == DeliveryMode.CloudFront
                ? new CloudFrontObjectUrlSigner(s3, services.GetRequiredService<CloudFrontUrlSigner>(), options.CloudFrontDomain!,
                    services.GetService<TimeProvider>())
                : s3;
        }));
        return builder;
    }

    /// <summary>The origin browsers load images from: the distribution's in CloudFront mode, else storage's (null while unknown).</summary>
    public static string? ImageOrigin(this IServiceProvider services) =>
        services.GetService<IObjectUrlSigner>() is CloudFrontObjectUrlSigner cloudFront
            ? cloudFront.Origin
            : services.GetService<ObjectUrlSigner>()?.StorageOrigin();
}
