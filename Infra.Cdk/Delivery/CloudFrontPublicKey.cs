using System.Security.Cryptography;

namespace CloudImageService.Infra.Delivery;

/// <summary>
/// A public key CloudFront trusts to verify signed URLs: a 2048-bit RSA key as PEM (<c>BEGIN PUBLIC KEY</c>).
/// <see cref="Fingerprint"/> names its resources, so listing the keys in another order (a rotation) replaces nothing.
/// </summary>
public sealed record CloudFrontPublicKey(string Pem, string Fingerprint)
{
    /// <summary>
    /// The public keys of the distribution's key group, <c>-c cloudFrontPublicKeys=keys/current.pem[,keys/next.pem]</c>: each
    /// a PEM file's path (relative to <c>Infra.Cdk/</c>) or the PEM text itself. The first is the one the API signs with
    /// (its private key is in its secret); a second is trusted as well: the next key before a rotation, the previous one
    /// after it. Without it the stack has no distribution and the API keeps signing S3 URLs.
    /// </summary>
    public const string ContextKey = "cloudFrontPublicKeys";

    /// <summary>CloudFront's own limit is 5 keys a group; a rotation needs 2, and more would be keys nobody signs with.</summary>
    public const int MaxKeys = 2;

    /// <summary>The keys named by <paramref name="value"/> (the context value; null: none).</summary>
    public static IReadOnlyList<CloudFrontPublicKey> ParseList(string? value, string baseDirectory)
    {
        var keys = StackContext.ParseList(value).Select(entry => Parse(entry, baseDirectory)).ToList();
        if (keys.Count > MaxKeys)
        {
            throw new ArgumentException(
                $"Context '{ContextKey}' names {keys.Count} keys: give the key the API signs with, and during a rotation one more (at most {MaxKeys}).");
        }
        if (keys.DistinctBy(key => key.Fingerprint).Count() != keys.Count)
        {
            throw new ArgumentException($"Context '{ContextKey}' names the same public key twice.");
        }
        return keys;
    }

    /// <summary>One key: PEM text, or the path of a PEM file.</summary>
    public static CloudFrontPublicKey Parse(string entry, string baseDirectory)
    {
        var isPem = entry.Contains("-----BEGIN", StringComparison.Ordinal);
        var text = isPem ? entry : ReadFile(Path.GetFullPath(entry, baseDirectory));
        if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            // Never let a private key reach a template: CloudFormation templates are stored and shown in the console.
            throw new ArgumentException(
                $"Context '{ContextKey}' must name public keys, and {(isPem ? "a value" : $"'{entry}'")} holds a PRIVATE key. Keep the private key "
                + "out of the CDK app: make the public one with `openssl rsa -pubout -in private_key.pem -out public_key.pem`, and put the "
                + "private one into its Secrets Manager secret (docs/delivery.md).");
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"Context '{ContextKey}': {(isPem ? "a value" : $"'{entry}'")} is not an RSA public key in PEM (-----BEGIN PUBLIC KEY-----).");
        }
        if (rsa.KeySize != 2048)
        {
            throw new ArgumentException(
                $"Context '{ContextKey}': {(isPem ? "a value" : $"'{entry}'")} is a {rsa.KeySize}-bit key; CloudFront accepts 2048-bit RSA keys only.");
        }
        var der = rsa.ExportSubjectPublicKeyInfo();
        return new CloudFrontPublicKey(rsa.ExportSubjectPublicKeyInfoPem() + "\n", Convert.ToHexString(SHA256.HashData(der))[..8]);
    }

    private static string ReadFile(string path) =>
        File.Exists(path)
            ? File.ReadAllText(path)
            : throw new ArgumentException($"Context '{ContextKey}': no file '{path}' (give a PEM file's path, relative to Infra.Cdk/, or the PEM text).");
}
