using Amazon.CDK;
using CloudImageService.Infra.Service;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Infra.Tests;

/// <summary>What <c>cdk synth</c> (Program.cs) defines for a given context.</summary>
public class AppCompositionTests
{
    static AppCompositionTests() =>
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

    [Fact]
    public void Without_jwt_context_the_app_is_the_storage_stack_alone()
    {
        var app = new App();
        var (storage, service) = CloudImageServiceApp.Define(app);

        Assert.Null(service);
        Assert.Equal(DeploymentNames.StorageStack, storage.StackName);
        Assert.Equal([DeploymentNames.StorageStack], app.Synth().Stacks.Select(stack => stack.StackName));
    }

    [Fact]
    public void With_issuer_and_audience_the_app_adds_the_service_stack_after_storage()
    {
        var app = new App(new AppProps
        {
            Context = new Dictionary<string, object>
            {
                [ServiceContext.JwtIssuerKey] = "https://issuer.example",
                [ServiceContext.JwtAudienceKey] = "cloud-image-service",
                [ServiceContext.AllowHttpKey] = "true",
            }
        });
        var (storage, service) = CloudImageServiceApp.Define(app);

        var assembly = app.Synth();

        Assert.NotNull(service);
        Assert.Equal([DeploymentNames.StorageStack, DeploymentNames.ServiceStack], assembly.Stacks.Select(stack => stack.StackName));
        Assert.Contains(assembly.GetStackByName(DeploymentNames.ServiceStack).Dependencies,
            dependency => dependency.Id == storage.ArtifactId);
        Assert.DoesNotContain(assembly.GetStackByName(DeploymentNames.StorageStack).Dependencies,
            dependency => dependency.Id == service.ArtifactId);
        Amazon.CDK.Assertions.Annotations.FromStack(service).HasWarning(
            "*", Amazon.CDK.Assertions.Match.StringLikeRegexp(".*publicOrigin.*"));
    }

    [Theory]
    [InlineData(ServiceContext.JwtIssuerKey, "https://issuer.example", "jwtAudience")]
    [InlineData(ServiceContext.JwtAudienceKey, "cloud-image-service", "jwtIssuer")]
    public void Half_of_the_jwt_context_is_refused_naming_the_missing_half(string key, string value, string missing)
    {
        var app = new App(new AppProps { Context = new Dictionary<string, object> { [key] = value } });

        var error = Assert.Throws<ArgumentException>(() => CloudImageServiceApp.Define(app));
        Assert.Contains(missing, error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void The_service_cannot_be_configured_without_an_issuer(string? issuer) =>
        Assert.Throws<ArgumentException>(() => ServiceContext.Create(issuer, ["aud"], null, null, 2));

    [Fact]
    public void The_service_cannot_be_configured_without_an_audience() =>
        Assert.Throws<ArgumentException>(() => ServiceContext.Create("https://issuer.example", [], null, null, 2));

    [Fact]
    public void An_issuer_that_is_not_https_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ServiceContext.Create("http://issuer.example", ["aud"], null, null, 2));
        Assert.Contains("https", error.Message);
    }

    [Fact]
    public void Nat_gateways_are_one_or_two()
    {
        var app = new App(new AppProps
        {
            Context = new Dictionary<string, object>
            {
                [ServiceContext.JwtIssuerKey] = "https://issuer.example",
                [ServiceContext.JwtAudienceKey] = "a",
                [ServiceContext.NatGatewaysKey] = "0",
            }
        });

        Assert.Throws<ArgumentException>(() => ServiceContext.From(app.Node));
    }
}
