extern alias ImageApi;
using System.Text.Json;
using CloudImageService.Infra.Service;
using ImageApi::CloudImageService.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using AuthOptions = ImageApi::CloudImageService.Security.AuthOptions;
using ImageOptions = ImageApi::CloudImageService.Images.ImageOptions;
using PaginationOptions = ImageApi::CloudImageService.Images.PaginationOptions;
using StorageOptions = ImageApi::CloudImageService.Storage.StorageOptions;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// The container's environment, read the way the ImageApi reads it: names derived from its option classes, and the
/// whole environment fed to its own authentication setup as a Production host would see it.
/// </summary>
public class ContainerEnvironmentTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    private Dictionary<string, string> Environment =>
        Container.GetProperty("Environment").EnumerateArray()
            .ToDictionary(variable => variable.GetProperty("Name").GetString()!,
                variable => StackTemplate.Render(variable.GetProperty("Value")));

    [Fact]
    public void Storage_names_are_the_StorageOptions_keys_and_come_from_the_storage_stack()
    {
        var bucket = Key(StorageOptions.SectionName, nameof(StorageOptions.BucketName));
        var table = Key(StorageOptions.SectionName, nameof(StorageOptions.TableName));

        Assert.Equal(ApiEnvironment.BucketName, bucket);
        Assert.Equal(ApiEnvironment.TableName, table);
        Assert.Equal(Exported(stacks.Storage.Single("AWS::S3::Bucket").LogicalId), Environment[bucket]);
        Assert.Equal(Exported(stacks.Storage.Single("AWS::DynamoDB::Table").LogicalId), Environment[table]);
    }

    [Fact]
    public void Region_is_the_variable_the_AWS_SDK_reads_and_the_deployment_region()
    {
        Assert.Equal(Amazon.Runtime.EnvironmentVariableAWSRegion.ENVIRONMENT_VARIABLE_REGION, ApiEnvironment.Region);
        Assert.Equal("${AWS::Region}", Environment[ApiEnvironment.Region]);
    }

    [Fact]
    public void Auth_mode_is_Jwt_under_the_AuthOptions_key() =>
        Assert.Equal(nameof(AuthMode.Jwt), Environment[Key(AuthOptions.SectionName, nameof(AuthOptions.Mode))]);

    [Fact]
    public void The_ImageApi_accepts_the_environment_and_validates_tokens_of_the_configured_issuer_and_audience()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(
            Environment.Select(variable => KeyValuePair.Create(variable.Key.Replace("__", ":"), (string?)variable.Value)));

        builder.AddImageApiAuthentication();
        using var host = builder.Build();

        Assert.True(host.Services.GetRequiredService<IOptions<AuthOptions>>().IsEnforced());
        var bearer = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.Equal(SynthesizedService.Issuer, bearer.Authority);
        Assert.Equal(SynthesizedService.Issuer, bearer.TokenValidationParameters.ValidIssuer);
        Assert.Equal([SynthesizedService.Audience], bearer.TokenValidationParameters.ValidAudiences);
        Assert.True(bearer.RequireHttpsMetadata);
    }

    [Fact]
    public void The_storage_options_bind_from_the_environment()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            Environment.Select(variable => KeyValuePair.Create(variable.Key.Replace("__", ":"), (string?)variable.Value))).Build();

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>()!;

        Assert.Equal(Environment[ApiEnvironment.BucketName], storage.BucketName);
        Assert.Equal(Environment[ApiEnvironment.TableName], storage.TableName);
        Assert.False(storage.CreateResources);
    }

    [Fact]
    public void The_deployed_API_hands_out_no_upload_URL_without_a_signed_length()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            Environment.Select(variable => KeyValuePair.Create(variable.Key.Replace("__", ":"), (string?)variable.Value))).Build();

        Assert.True(configuration.GetSection(ImageOptions.SectionName).Get<ImageOptions>()!.RequireDeclaredSize);
    }

    [Fact]
    public void Forwarded_headers_are_trusted_from_the_VPC_only()
    {
        var (vpcId, vpc) = stacks.Service.Single("AWS::EC2::VPC");

        Assert.Equal($"${{{vpcId}.CidrBlock}}", Environment[ApiEnvironment.ForwardedHeadersKnownNetwork]);
        Assert.Equal(Network.Cidr, vpc.GetProperty("Properties").GetProperty("CidrBlock").GetString());
        Assert.Equal("ForwardedHeaders__KnownNetworks__0", ApiEnvironment.ForwardedHeadersKnownNetwork);
    }

    [Fact]
    public void Kestrel_listens_on_the_container_port() =>
        Assert.Equal(ApiEnvironment.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Environment["ASPNETCORE_HTTP_PORTS"]);

    [Fact]
    public void Every_variable_is_one_the_API_or_its_runtime_reads()
    {
        string[] expected =
        [
            ApiEnvironment.BucketName, ApiEnvironment.TableName, ApiEnvironment.Region, ApiEnvironment.AuthMode,
            ApiEnvironment.JwtAuthority, ApiEnvironment.JwtValidIssuer, ApiEnvironment.JwtValidAudiencesPrefix + "0",
            ApiEnvironment.ForwardedHeadersKnownNetwork, ApiEnvironment.HttpPorts, ApiEnvironment.TempDirectory,
            ApiEnvironment.HostShutdownTimeout, ApiEnvironment.OtlpEndpoint, ApiEnvironment.TracesExporter, ApiEnvironment.LogsExporter,
            ApiEnvironment.RequireDeclaredSize,
        ];

        Assert.Equal(expected.Order(), Environment.Keys.Order());
    }

    [Fact]
    public void The_cursor_key_every_task_shares_comes_from_Secrets_Manager_under_the_PaginationOptions_key()
    {
        var secret = Assert.Single(Container.GetProperty("Secrets").EnumerateArray());
        var (secretId, generated) = stacks.Service.Single("AWS::SecretsManager::Secret");

        Assert.Equal(Key(PaginationOptions.SectionName, nameof(PaginationOptions.CursorKey)), secret.GetProperty("Name").GetString());
        Assert.Equal($"${{{secretId}}}", StackTemplate.Render(secret.GetProperty("ValueFrom")));
        var generator = generated.GetProperty("Properties").GetProperty("GenerateSecretString");
        Assert.Equal(ApiSecrets.CursorKeyLength, generator.GetProperty("PasswordLength").GetInt32());
        Assert.True(generator.GetProperty("ExcludePunctuation").GetBoolean());
    }

    [Fact]
    public void A_generated_cursor_key_is_one_the_API_accepts()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var key = new string(System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, ApiSecrets.CursorKeyLength));

        Assert.True(new PaginationOptions { CursorKey = key }.KeyBytes() is { Length: >= 32 });
    }

    [Fact]
    public void The_secret_is_read_by_the_execution_role_not_the_task_role()
    {
        var taskDefinition = stacks.Service.Properties("AWS::ECS::TaskDefinition");
        var executionRole = StackTemplate.Render(taskDefinition.GetProperty("ExecutionRoleArn"));
        var taskRole = StackTemplate.Render(taskDefinition.GetProperty("TaskRoleArn"));
        var readers = stacks.Service.Resources("AWS::IAM::Policy")
            .Select(policy => policy.Resource.GetProperty("Properties"))
            .Where(policy => policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
                .Any(statement => StackTemplate.Strings(statement.GetProperty("Action")).Contains("secretsmanager:GetSecretValue")))
            .SelectMany(policy => policy.GetProperty("Roles").EnumerateArray().Select(role => $"{StackTemplate.Render(role)[..^1]}.Arn}}"));

        Assert.Equal([executionRole], readers);
        Assert.NotEqual(taskRole, executionRole);
    }

    private JsonElement Container =>
        Assert.Single(stacks.Service.Properties("AWS::ECS::TaskDefinition").GetProperty("ContainerDefinitions").EnumerateArray(),
            container => container.GetProperty("Name").GetString() == ApiTask.ContainerName);

    private static string Key(string section, string name) => $"{section}__{name}";

    private string Exported(string storageLogicalId)
    {
        var export = Assert.Single(stacks.Storage.Json.GetProperty("Outputs").EnumerateObject(),
            output => output.Value.TryGetProperty("Export", out _)
                && StackTemplate.Render(output.Value.GetProperty("Value")) == $"${{{storageLogicalId}}}");
        return $"${{Import:{export.Value.GetProperty("Export").GetProperty("Name").GetString()}}}";
    }
}
