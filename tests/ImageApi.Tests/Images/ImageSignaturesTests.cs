using System.Text;
using CloudImageService.Images;

namespace ImageApi.Tests.Images;

public class ImageSignaturesTests
{
    public static TheoryData<string, byte[]> RealHeads => new()
    {
        { "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46] },
        { "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00] },
        { "image/gif", Encoding.ASCII.GetBytes("GIF89a\x01\x00") },
        { "image/gif", Encoding.ASCII.GetBytes("GIF87a\x01\x00") },
        { "image/webp", Encoding.ASCII.GetBytes("RIFF\x24\x00\x00\x00WEBPVP8 ") },
        { "image/bmp", Encoding.ASCII.GetBytes("BM\x36\x00\x00\x00") },
        { "image/tiff", [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00] },
        { "image/tiff", [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x08] },
        { "image/avif", [0x00, 0x00, 0x00, 0x1C, .. Encoding.ASCII.GetBytes("ftypavif")] },
        { "image/heic", [0x00, 0x00, 0x00, 0x18, .. Encoding.ASCII.GetBytes("ftypheic")] },
        { "image/heif", [0x00, 0x00, 0x00, 0x18, .. Encoding.ASCII.GetBytes("ftypmif1")] },
    };

    [Theory]
    [MemberData(nameof(RealHeads))]
    public void Real_file_heads_match_their_type(string contentType, byte[] head) =>
        Assert.True(ImageSignatures.Matches(contentType, head));

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/webp")]
    [InlineData("image/avif")]
    public void Text_is_not_an_image(string contentType) =>
        Assert.False(ImageSignatures.Matches(contentType, Encoding.UTF8.GetBytes("hello, this is text")));

    [Fact]
    public void A_png_is_not_a_jpeg()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.False(ImageSignatures.Matches("image/jpeg", png));
    }

    [Fact]
    public void An_mp4_is_not_an_avif() =>
        Assert.False(ImageSignatures.Matches("image/avif", [0x00, 0x00, 0x00, 0x18, .. Encoding.ASCII.GetBytes("ftypisom")]));

    [Fact]
    public void Empty_or_truncated_heads_never_match()
    {
        Assert.False(ImageSignatures.Matches("image/png", []));
        Assert.False(ImageSignatures.Matches("image/png", [0x89, 0x50]));
        Assert.False(ImageSignatures.Matches("image/webp", Encoding.ASCII.GetBytes("RIFF")));
    }

    [Fact]
    public void Unknown_types_never_match() =>
        Assert.False(ImageSignatures.Matches("image/svg+xml", Encoding.ASCII.GetBytes("<svg")));
}
