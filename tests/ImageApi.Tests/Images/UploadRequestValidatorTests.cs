using CloudImageService.Http;
using CloudImageService.Http.Contracts;
using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests.Images;

public class UploadRequestValidatorTests
{
    private readonly UploadRequestValidator _validator = new(TestOptions.Wrap(TestOptions.Images()), Options.Create(TestOptions.Facts()));

    [Fact]
    public void A_complete_request_is_valid()
    {
        var errors = _validator.Validate(new UploadRequest("alice", "image/png", ["beach", "2024"], "Sunset"));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("IMAGE/PNG")]
    [InlineData("image/webp")]
    [InlineData("image/avif")]
    [InlineData("image/tiff")]
    [InlineData("image/gif")]
    public void Image_types_of_the_allowlist_are_accepted(string contentType) =>
        Assert.Empty(_validator.Validate(new UploadRequest("alice", contentType, null, null)));

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    [InlineData("image/svg+xml")]
    [InlineData("image/heic")]
    [InlineData("image/heif")]
    [InlineData("image/bmp")]
    [InlineData("image/png; charset=utf-8")]
    [InlineData("image/")]
    public void Other_types_are_refused_naming_content_type(string contentType)
    {
        var errors = _validator.Validate(new UploadRequest("alice", contentType, null, null));
        Assert.Equal(["content_type"], errors.Keys);
    }

    [Fact]
    public void The_allowlist_comes_from_configuration()
    {
        var validator = new UploadRequestValidator(
            TestOptions.Wrap(TestOptions.Images(o => o.AllowedContentTypes = ["image/png"])), Options.Create(TestOptions.Facts()));
        Assert.NotEmpty(validator.Validate(new UploadRequest("alice", "image/jpeg", null, null)));
        Assert.Empty(validator.Validate(new UploadRequest("alice", "image/png", null, null)));
    }

    [Fact]
    public void Where_a_declared_size_is_required_an_unsized_request_is_refused_naming_size_bytes()
    {
        var strict = new UploadRequestValidator(
            TestOptions.Wrap(TestOptions.Images(o => o.RequireDeclaredSize = true)), Options.Create(TestOptions.Facts()));

        Assert.Equal(["size_bytes"], strict.Validate(new UploadRequest("alice", "image/png", null, null)).Keys);
        Assert.Empty(strict.Validate(new UploadRequest("alice", "image/png", null, null, SizeBytes: 1234)));
        Assert.Empty(_validator.Validate(new UploadRequest("alice", "image/png", null, null)));
    }

    [Fact]
    public void Missing_required_fields_are_each_named()
    {
        var errors = _validator.Validate(new UploadRequest(null, null, null, null));
        Assert.Equal(["content_type", "user_id"], errors.Keys.Order());
    }

    [Fact]
    public void A_missing_body_is_an_error_not_a_crash() =>
        Assert.Equal(["body"], _validator.Validate(null).Keys);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0000b")]
    public void Blank_or_control_user_ids_are_refused(string userId) =>
        Assert.Contains("user_id", _validator.Validate(new UploadRequest(userId, "image/png", null, null)).Keys);

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        Assert.Contains("user_id", _validator.Validate(new UploadRequest("bad" + '\ud800', "image/png", null, null)).Keys);
        Assert.Contains("tags[0]", _validator.Validate(new UploadRequest("a", "image/png", ['\udc00' + "x"], null)).Keys);
    }

    [Fact]
    public void Emoji_user_ids_are_fine() =>
        Assert.Empty(_validator.Validate(new UploadRequest("ali😀ce", "image/png", null, null)));

    [Fact]
    public void Tags_and_description_are_bounded()
    {
        var limits = TestOptions.Images();
        var tooManyTags = Enumerable.Range(0, limits.MaxTags + 1).Select(i => $"t{i}").ToList();
        Assert.Equal(["tags"], _validator.Validate(new UploadRequest("a", "image/png", tooManyTags, null)).Keys);

        var longTag = new string('x', limits.MaxTagLength + 1);
        Assert.Equal(["tags[1]"], _validator.Validate(new UploadRequest("a", "image/png", ["ok", longTag], null)).Keys);

        var longDescription = new string('x', limits.MaxDescriptionLength + 1);
        Assert.Equal(["description"], _validator.Validate(new UploadRequest("a", "image/png", null, longDescription)).Keys);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(20L * 1024 * 1024 + 1)]
    public void Declared_sizes_outside_one_byte_to_the_maximum_are_refused(long size) =>
        Assert.Equal(["size_bytes"], _validator.Validate(new UploadRequest("a", "image/png", null, null, size)).Keys);

    [Fact]
    public void The_maximum_size_itself_is_accepted() =>
        Assert.Empty(_validator.Validate(new UploadRequest("a", "image/png", null, null, 20L * 1024 * 1024)));

    [Fact]
    public void Tags_are_trimmed_and_deduplicated_in_order() =>
        Assert.Equal(["b", "a"], UploadRequestValidator.NormalizeTags([" b", "a", "b "]));
}

public class MultipartRequestTests
{
    private static readonly ImageOptions Limits = TestOptions.Images();
    private readonly UploadRequestValidator _validator = new(TestOptions.Wrap(Limits), Options.Create(TestOptions.Facts()));

    [Fact]
    public void Parts_are_opt_in_and_take_sizes_up_to_the_multipart_limit()
    {
        var large = new UploadRequest("alice", "image/tiff", null, null, SizeBytes: Limits.MaxUploadBytes + 1);
        Assert.False(_validator.IsMultipart(large));
        Assert.Equal(["size_bytes"], _validator.Validate(large).Keys);

        var parts = large with { Multipart = true };
        Assert.True(_validator.IsMultipart(parts));
        Assert.Empty(_validator.Validate(parts with { SizeBytes = Limits.MaxMultipartUploadBytes }));
        Assert.Equal(["size_bytes"], _validator.Validate(parts with { SizeBytes = Limits.MaxMultipartUploadBytes + 1 }).Keys);
    }

    [Fact]
    public void Asking_for_parts_needs_a_size()
    {
        var request = new UploadRequest("alice", "image/png", null, null, Multipart: true);
        Assert.False(_validator.IsMultipart(request));
        Assert.Equal(["size_bytes"], _validator.Validate(request).Keys);
        Assert.True(_validator.IsMultipart(request with { SizeBytes = 10 }));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98")]
    [InlineData("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982400")]
    public void A_sha256_that_is_not_64_hex_digits_is_refused(string sha256) =>
        Assert.Equal(["sha256"], _validator.Validate(new UploadRequest("alice", "image/png", null, null, Sha256: sha256)).Keys);

    [Fact]
    public void A_sha256_in_either_case_is_accepted() =>
        Assert.Empty(_validator.Validate(new UploadRequest("alice", "image/png", null, null, Sha256: "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")));

    [Fact]
    public void Parts_are_the_declared_size_in_part_sized_pieces_with_the_rest_in_the_last()
    {
        var record = new ImageRecord("id", "alice", "image/tiff", [], null, DateTime.UtcNow, ImageStatus.Pending, "images/id")
        {
            SizeBytes = (2 * 8) + 3,
            PartSize = 8,
            MultipartUploadId = "upload",
        };
        Assert.Equal(3, record.PartCount);
        Assert.Equal([8L, 8L, 3L], Enumerable.Range(1, 3).Select(record.PartLength));
        Assert.Equal(0, (record with { MultipartUploadId = null }).PartCount);
    }
}
