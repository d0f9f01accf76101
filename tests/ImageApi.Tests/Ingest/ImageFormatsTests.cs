using CloudImageService.Images;
using CloudImageService.Ingest;


namespace ImageApi.Tests.Ingest;

public sealed class ImageFormatsTests
{
    [Fact]
    public void Ingest_has_a_loader_for_every_type_the_service_knows_and_no_other()
    {
        Assert.Equal(ImageContentTypes.Known, ImageFormats.Known.Select(format => format.ContentType));
    }

    [Fact]
    public void The_bundled_libvips_decodes_every_known_type()
    {
        Assert.Equal(ImageContentTypes.Known, ImageFormats.SupportedContentTypes);
    }
}
