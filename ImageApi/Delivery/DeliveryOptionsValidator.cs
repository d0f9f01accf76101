using Microsoft.Extensions.Options;

namespace CloudImageService.Delivery;

/// <summary>
/// In CloudFront mode every field is required and the key must be one CloudFront accepts, so a deployment with a missing
/// or unusable secret stops at start-up with the setting named (never quoting the key) instead of signing URLs that
/// CloudFront answers 403. S3 mode ignores the other fields.
/// </summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    /// <summary>CloudFront accepts public keys of this size only.</summary>
    public const int KeySize = 2048;

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        if (options.Mode != DeliveryMode.CloudFront) return ValidateOptionsResult.Success;

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CloudFrontDomain))
        {
            failures.Add("Delivery:CloudFrontDomain is required when Delivery:Mode is CloudFront (e.g. d111111abcdef8.cloudfront.net).");
        }
        else if (!IsHostName(options.CloudFrontDomain))
        {
            failures.Add($"Delivery:CloudFrontDomain must be a host name such as d111111abcdef8.cloudfront.net (no scheme, no path), not '{options.CloudFrontDomain}'.");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPairId))
        {
            failures.Add("Delivery:KeyPairId is required when Delivery:Mode is CloudFront: the id of the public key in the distribution's key group.");
        }
        else if (!options.KeyPairId.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add($"Delivery:KeyPairId must be the public key's id (letters and digits, e.g. K2JCJMDEHXQW5F), not '{options.KeyPairId}'.");
        }

        if (string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            failures.Add("Delivery:PrivateKey is required when Delivery:Mode is CloudFront: the RSA private key (PEM) of Delivery:KeyPairId.");
        }
        else if (KeyProblem(options.PrivateKey) is { } problem)
        {
            failures.Add("Delivery:PrivateKey " + problem);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHostName(string domain) =>
        Uri.CheckHostName(domain) == UriHostNameType.Dns && domain.Contains('.', StringComparison.Ordinal);

    // A signature, not just parsing: proves the key is private and that this platform signs RSA-SHA1.
    private static string? KeyProblem(string pem)
    {
        try
        {
            using var signer = new CloudFrontUrlSigner("probe", pem);
            if (signer.KeySize != KeySize) return $"is a {signer.KeySize}-bit RSA key; CloudFront accepts {KeySize}-bit keys only.";
            signer.Sign("https://probe.example/probe", 1);
            return null;
        }
        catch (ArgumentException)
        {
            return "is not an unencrypted RSA private key in PEM: expected -----BEGIN RSA PRIVATE KEY----- (PKCS#1) "
                   + "or -----BEGIN PRIVATE KEY----- (PKCS#8), e.g. from `openssl genrsa -out private_key.pem 2048`.";
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            return $"could not sign: {exception.Message}";
        }
    }
}
