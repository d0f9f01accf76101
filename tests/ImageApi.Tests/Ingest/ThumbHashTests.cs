using CloudImageService.Ingest;

namespace ImageApi.Tests.Ingest;

public sealed class ThumbHashTests
{
    /// <summary>
    /// Made by the reference encoder, npm thumbhash 0.1.1 (<c>rgbaToThumbHash</c>), from the pixels <see cref="Pixels"/>
    /// writes, with this script (Node.js, ES module):
    /// <code>
    /// import { rgbaToThumbHash } from 'thumbhash'
    /// for (const [w, h, alpha] of [[100, 75, false], [32, 100, false], [64, 64, true], [7, 3, true], [1, 1, false]]) {
    ///   const rgba = new Uint8Array(w * h * 4)
    ///   for (let y = 0; y &lt; h; y++) for (let x = 0; x &lt; w; x++) {
    ///     const i = (y * w + x) * 4
    ///     rgba[i] = (x * 7 + y * 3) % 256; rgba[i + 1] = (x * x + y) % 256; rgba[i + 2] = (255 + 512 - x * 2 - y) % 256
    ///     rgba[i + 3] = alpha ? (x * y * 5 + 40) % 256 : 255
    ///   }
    ///   console.log(w, h, alpha, Buffer.from(rgbaToThumbHash(w, h, rgba)).toString('base64'))
    /// }
    /// </code>
    /// </summary>
    public static TheoryData<int, int, bool, string> Reference => new()
    {
        { 100, 75, false, "HwgGVYJ/d2d6Z0d3d3d4d3B1599E" },
        { 32, 100, false, "YhYGMgZFXnNwd4d2YHHH35w=" },
        { 64, 64, true, "4haCJQQHbhVbBoZ1eHB0x59VEQPBhEE1CA==" },
        { 7, 3, true, "GBGCCoAToIeWh3iQlkgwiHF3sIiHiHc=" },
        { 1, 1, false, "FQAq/wEI9wiIh4hwj3CI+AiIcH/4AAAA" },
    };

    [Theory]
    [MemberData(nameof(Reference))]
    public void The_hash_is_the_reference_encoders_byte_for_byte(int width, int height, bool alpha, string expected) =>
        Assert.Equal(expected, Convert.ToBase64String(ThumbHash.Encode(width, height, Pixels(width, height, alpha))));

    [Fact]
    public void An_image_larger_than_100_px_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThumbHash.Encode(101, 10, new byte[101 * 10 * 4]));

    private static byte[] Pixels(int width, int height, bool alpha)
    {
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                rgba[i] = (byte)(((x * 7) + (y * 3)) % 256);
                rgba[i + 1] = (byte)(((x * x) + y) % 256);
                rgba[i + 2] = (byte)((255 + 512 - (x * 2) - y) % 256);
                rgba[i + 3] = (byte)(alpha ? ((x * y * 5) + 40) % 256 : 255);
            }
        }
        return rgba;
    }
}
