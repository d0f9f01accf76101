using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CloudImageService.AppHost.LocalAws;

namespace AppHost.Tests;

/// <summary>
/// Builds the AppHost's model for each mode without starting anything (no container can run here), and checks the
/// resources and the ImageApi's wiring.
/// </summary>
public class AppModelTests
{
    [Fact]
    public async Task LocalStack_mode_declares_the_pinned_container_its_health_check_and_the_api_wiring()
    {
        await using var builder = await CreateAsync("LocalStack");

        var localStack = Assert.Single(builder.Resources.OfType<ContainerResource>(), r => r.Name == "localstack");
        var image = Assert.Single(localStack.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(LocalAwsExtensions.LocalStackImage, image.Image);
        Assert.Equal(LocalAwsExtensions.LocalStackTag, image.Tag);
        Assert.NotEqual("latest", image.Tag);
        Assert.Single(localStack.Annotations.OfType<HealthCheckAnnotation>());
        var endpoint = Assert.Single(localStack.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(4566, endpoint.TargetPort);
        Assert.Equal("s3,dynamodb", (await EnvironmentOf(localStack))["SERVICES"]);

        var api = ImageApi(builder);
        Assert.Contains(api.Annotations.OfType<WaitAnnotation>(), w => w.Resource == localStack);
        var environment = await EnvironmentOf(api);
        Assert.Contains("localstack", environment["AWS_ENDPOINT_URL"]);
        Assert.Equal("true", environment["Storage__CreateResources"]);
        Assert.DoesNotContain(builder.Resources, r => r.Name is "dynamodb" or "s3");
    }

    [Fact]
    public async Task LocalStack_mode_checks_S3_signatures_as_AWS_does()
    {
        await using var builder = await CreateAsync("LocalStack");

        var localStack = Assert.Single(builder.Resources.OfType<ContainerResource>(), r => r.Name == "localstack");
        Assert.Equal("0", (await EnvironmentOf(localStack))["S3_SKIP_SIGNATURE_VALIDATION"]);
    }

    [Fact]
    public async Task Emulators_mode_runs_both_emulators_as_executables_with_health_checks()
    {
        await using var builder = await CreateAsync("Emulators");

        var emulators = builder.Resources.OfType<ExecutableResource>().Where(r => r.Name is "dynamodb" or "s3").ToList();
        Assert.Equal(2, emulators.Count);
        Assert.All(emulators, e => Assert.Single(e.Annotations.OfType<HealthCheckAnnotation>()));
        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource);

        var api = ImageApi(builder);
        Assert.Equal(2, api.Annotations.OfType<WaitAnnotation>().Count(w => emulators.Contains(w.Resource)));
        var environment = await EnvironmentOf(api);
        Assert.Contains("dynamodb", environment["AWS_ENDPOINT_URL_DYNAMODB"]);
        Assert.Contains("s3", environment["AWS_ENDPOINT_URL_S3"]);
        Assert.Equal("false", environment["Storage__EnableTimeToLive"]);
    }

    [Fact]
    public async Task Aws_mode_starts_no_emulator_and_creates_nothing()
    {
        await using var builder = await CreateAsync("Aws");

        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource || r.Name is "dynamodb" or "s3");
        var environment = await EnvironmentOf(ImageApi(builder));
        Assert.Equal("false", environment["Storage__CreateResources"]);
        Assert.False(environment.ContainsKey("AWS_ENDPOINT_URL"));
        Assert.False(environment.ContainsKey("AWS_ACCESS_KEY_ID"));
        Assert.False(environment.ContainsKey("AWS_REGION"), "without deployed outputs the SDK's own region resolution applies");
    }

    [Fact]
    public async Task Aws_mode_takes_the_bucket_table_and_region_that_cdk_deploy_wrote()
    {
        var outputs = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(outputs, """
                {"CloudImageService": {"BucketName": "cloudimageservice-images-abc", "TableName": "CloudImageService-ImageMetadata-xyz",
                 "ApiPolicyArn": "arn:aws:iam::123456789012:policy/ApiAccess", "Region": "eu-west-1"}}
                """);
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                ["LocalAws:Mode=Aws", $"LocalAws:CdkOutputsFile={outputs}"]);

            var environment = await EnvironmentOf(ImageApi(builder));

            Assert.Equal("cloudimageservice-images-abc", environment["Storage__BucketName"]);
            Assert.Equal("CloudImageService-ImageMetadata-xyz", environment["Storage__TableName"]);
            Assert.Equal("eu-west-1", environment["AWS_REGION"]);
        }
        finally
        {
            File.Delete(outputs);
        }
    }

    [Theory]
    [InlineData(LocalAwsMode.Auto, true, LocalAwsMode.LocalStack)]
    [InlineData(LocalAwsMode.Auto, false, LocalAwsMode.Emulators)]
    [InlineData(LocalAwsMode.Emulators, true, LocalAwsMode.Emulators)]
    [InlineData(LocalAwsMode.Aws, true, LocalAwsMode.Aws)]
    public void Auto_picks_localstack_only_when_a_container_runtime_answers(LocalAwsMode configured, bool runtime, LocalAwsMode expected) =>
        Assert.Equal(expected, LocalAwsExtensions.ResolveMode(configured, () => runtime));

    [Theory]
    [InlineData("linux\n", true)]
    [InlineData("Linux", true)]
    [InlineData("windows\n", false)]
    [InlineData("", false)]
    public void Only_a_runtime_that_runs_linux_containers_counts_for_localstack(string osType, bool counts) =>
        Assert.Equal(counts, ContainerRuntime.IsLinux(osType));

    [Fact]
    public async Task The_api_keeps_the_original_services_port()
    {
        await using var builder = await CreateAsync("Emulators");
        var endpoint = Assert.Single(ImageApi(builder).Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        Assert.Equal(8000, endpoint.Port);
    }

    [Fact]
    public async Task Auth_rate_limit_and_image_settings_given_to_the_apphost_reach_the_api()
    {
        await using var builder = await CreateAsync("Emulators", "Auth:Mode=Jwt", "RateLimiting:UploadPermitLimit=5000", "Images:MaxUploadBytes=1000");

        var environment = await EnvironmentOf(ImageApi(builder));

        Assert.Equal("Jwt", environment["Auth__Mode"]);
        Assert.Equal("5000", environment["RateLimiting__UploadPermitLimit"]);
        Assert.Equal("1000", environment["Images__MaxUploadBytes"]);
    }

    [Fact]
    public async Task The_api_gets_a_cursor_key_of_32_bytes_when_none_is_configured_and_the_configured_one_otherwise()
    {
        var configured = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        await using var generating = await CreateAsync("Emulators");
        await using var given = await CreateAsync("Emulators", $"Pagination:CursorKey={configured}");

        var generated = (await EnvironmentOf(ImageApi(generating)))["Pagination__CursorKey"];

        Assert.Equal(32, Convert.FromBase64String(generated).Length);
        Assert.Equal(configured, (await EnvironmentOf(ImageApi(given)))["Pagination__CursorKey"]);
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(string mode, params string[] settings) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"LocalAws:Mode={mode}", "LocalAws:InMemory=true", "LocalAws:CdkOutputsFile=no-such-file.json", .. settings]);

    private static ProjectResource ImageApi(IDistributedApplicationTestingBuilder builder) =>
        Assert.Single(builder.Resources.OfType<ProjectResource>(), r => r.Name == "imageapi");

    // Still the simplest way to evaluate environment callbacks without running the app.
#pragma warning disable CS0618
    private static async Task<Dictionary<string, string>> EnvironmentOf(IResourceWithEnvironment resource) =>
        await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
}
