using System.Security.Cryptography;

namespace AppHost.Tests;

public static class TestImages
{
    /// <summary>Bytes that start like a PNG file, unique per call so that byte-for-byte comparisons mean something.</summary>
    public static byte[] Png()
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        return [.. signature, .. RandomNumberGenerator.GetBytes(256)];
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
