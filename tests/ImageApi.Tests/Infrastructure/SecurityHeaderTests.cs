using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Storage.S3;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ImageApi.Tests.Infrastructure;

/// <summary>The gallery's CSP names storage's one origin, Scalar gets a CSP of its own, and HTTPS answers carry HSTS.</summary>
public sealed class SecurityHeaderTests
{
    private const string EmulatorEndpoint = "http://127.0.0.1:45123";

    private static ObjectUrlSigner Signer(AmazonS3Config config) =>
        new(new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), config), "images-bucket", new BasicAWSCredentials("S3RVER", "S3RVER"));

    private static WebApplicationFactory<Program> App(string environment = "Development", params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment(environment)
                .UseSetting("AWS:Region", "us-east-1")
                .UseSetting("Auth:Mode", "None")
                .UseSetting("Auth:AllowAnonymousOutsideDevelopment", "true");
            foreach (var (key, value) in settings) host.UseSetting(key, value);
            host.ConfigureTestServices(services => services.AddSingleton(
                Signer(new AmazonS3Config { ServiceURL = EmulatorEndpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" })));
        });

    [Fact]
    public void The_storage_origin_is_the_emulators_address_with_its_port()
    {
        var signer = Signer(new AmazonS3Config { ServiceURL = EmulatorEndpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

        Assert.Equal(EmulatorEndpoint, signer.StorageOrigin());
    }

    [Fact]
    public void On_aws_the_storage_origin_is_the_buckets_virtual_host()
    {
        var signer = Signer(new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.EUWest1 });

        Assert.Equal("https://images-bucket.s3.eu-west-1.amazonaws.com", signer.StorageOrigin());
    }

    [Fact]
    public async Task The_gallery_may_reach_storage_and_no_other_origin()
    {
        using var factory = App();
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Contains($"connect-src 'self' {EmulatorEndpoint};", policy);
        Assert.Contains($"img-src 'self' blob: data: {EmulatorEndpoint};", policy);
        Assert.DoesNotMatch(@"\shttps?:(\s|;|$)", policy);
    }

    [Fact]
    public async Task The_scalar_page_allows_only_its_own_scripts_and_no_framing()
    {
        using var factory = App();
        using var client = factory.CreateClient();

        using var page = await client.GetAsync("/scalar/v1");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal(CloudImageService.Http.ScalarPageSecurityHeaders.PolicyFor(await page.Content.ReadAsStringAsync()), policy);
        Assert.Contains("'sha256-", policy);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split("script-src")[1].Split(';')[0]);
    }

    [Theory]
    [InlineData("https://images.example.com/alive", true)]
    [InlineData("http://images.example.com/alive", false)]
    public async Task Https_answers_outside_development_carry_hsts(string url, bool expected)
    {
        using var factory = App("Staging");
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(expected, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_gallery_learns_how_many_uploads_one_caller_may_confirm_at_once()
    {
        using var factory = App(settings: ("Ingest:MaxConfirmationsPerCaller", "3"));
        using var client = factory.CreateClient();

        var config = JsonNode.Parse(await client.GetStringAsync("/gallery/config"))!;

        Assert.Equal(3, config["max_confirmations_per_caller"]!.GetValue<int>());
    }
}
