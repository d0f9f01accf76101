using System.Security.Cryptography;
using CloudImageService.Delivery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests.Delivery;

/// <summary>CloudFront mode starts only with everything it needs, and the private key never shows in a message or a log.</summary>
public sealed class DeliveryOptionsTests
{
    private static readonly string ValidKey = CreateKey(2048);

    private static string CreateKey(int bits)
    {
        using var rsa = RSA.Create(bits);
        return rsa.ExportRSAPrivateKeyPem();
    }

    private static DeliveryOptions CloudFront(Action<DeliveryOptions>? change = null)
    {
        var options = new DeliveryOptions
        {
            Mode = DeliveryMode.CloudFront,
            CloudFrontDomain = "d111111abcdef8.cloudfront.net",
            KeyPairId = "K2JCJMDEHXQW5F",
            PrivateKey = ValidKey,
        };
        change?.Invoke(options);
        return options;
    }

    private static ValidateOptionsResult Validate(DeliveryOptions options) => new DeliveryOptionsValidator().Validate(null, options);

    [Fact]
    public void S3_mode_is_the_default_and_needs_nothing_else()
    {
        var options = new DeliveryOptions();

        Assert.Equal(DeliveryMode.S3, options.Mode);
        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void CloudFront_mode_with_a_domain_a_key_pair_id_and_a_2048_bit_key_is_valid()
    {
        Assert.True(Validate(CloudFront()).Succeeded);
        Assert.True(Validate(CloudFront(o => o.PrivateKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem())).Succeeded);
        Assert.True(Validate(CloudFront(o => o.CloudFrontDomain = "images.example.com")).Succeeded);
    }

    [Fact]
    public void CloudFront_mode_names_every_missing_setting()
    {
        var result = Validate(new DeliveryOptions { Mode = DeliveryMode.CloudFront });

        Assert.True(result.Failed);
        Assert.Contains("Delivery:CloudFrontDomain", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Delivery:KeyPairId", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Delivery:PrivateKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://d111111abcdef8.cloudfront.net")]
    [InlineData("d111111abcdef8.cloudfront.net/images")]
    [InlineData("localhost")]
    public void The_domain_is_a_host_name_without_scheme_or_path(string domain)
    {
        var result = Validate(CloudFront(o => o.CloudFrontDomain = domain));

        Assert.True(result.Failed);
        Assert.Contains("Delivery:CloudFrontDomain", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_pair_id_that_is_not_an_id_is_refused() =>
        Assert.True(Validate(CloudFront(o => o.KeyPairId = "arn:aws:cloudfront::123456789012:public-key/K2JCJMDEHXQW5F")).Failed);

    public static TheoryData<string, string> UnusableKeys => new()
    {
        { "not PEM", "placeholder: put the CloudFront private key here" },
        { "a public key", RSA.Create(2048).ExportSubjectPublicKeyInfoPem() },
        { "an encrypted key", RSA.Create(2048).ExportEncryptedPkcs8PrivateKeyPem("secret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)) },
        { "an EC key", ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem() },
        { "a 1024-bit key", CreateKey(1024) },
    };

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void An_unusable_key_is_refused_without_quoting_it(string what, string pem)
    {
        var result = Validate(CloudFront(o => o.PrivateKey = pem));

        Assert.True(result.Failed, what);
        Assert.Contains("Delivery:PrivateKey", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(pem, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("MII", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_the_settings_but_never_the_key()
    {
        var text = CloudFront().ToString();

        Assert.Contains("d111111abcdef8.cloudfront.net", text, StringComparison.Ordinal);
        Assert.Contains("K2JCJMDEHXQW5F", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ValidKey.Split('\n')[1], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_refuses_to_start_in_cloudfront_mode_without_a_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Delivery:Mode"] = "CloudFront",
            ["Delivery:CloudFrontDomain"] = "d111111abcdef8.cloudfront.net",
            ["Delivery:KeyPairId"] = "K2JCJMDEHXQW5F",
        });
        builder.AddDelivery();
        using var host = builder.Build();

        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Delivery:PrivateKey", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_signer_signs_for_the_configured_key_pair()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Delivery:Mode"] = "CloudFront",
            ["Delivery:CloudFrontDomain"] = "d111111abcdef8.cloudfront.net",
            ["Delivery:KeyPairId"] = "K2JCJMDEHXQW5F",
            ["Delivery:PrivateKey"] = ValidKey,
        });
        builder.AddDelivery();
        using var host = builder.Build();
        await host.StartAsync();

        var signer = host.Services.GetRequiredService<CloudFrontUrlSigner>();

        Assert.Contains("&Key-Pair-Id=K2JCJMDEHXQW5F&", signer.Sign("https://d111111abcdef8.cloudfront.net/images/x", 1_767_225_600), StringComparison.Ordinal);
        await host.StopAsync();
    }
}
