extern alias ImageApi;
using System.Globalization;
using System.Text.Json;
using CloudImageService.Infra.Service;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StorageOptions = ImageApi::CloudImageService.Storage.StorageOptions;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// A read-only API container with one writable scratch volume, an init process and a stop that lets confirmations
/// finish; every container of the task run by a non-root user.
/// </summary>
public class TaskHardeningTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    private JsonElement TaskDefinition => stacks.Service.Properties("AWS::ECS::TaskDefinition");

    private JsonElement Container => Assert.Single(TaskDefinition.GetProperty("ContainerDefinitions").EnumerateArray(),
        container => container.GetProperty("Name").GetString() == ApiTask.ContainerName);

    private string Variable(string name) => StackTemplate.Render(Assert.Single(Container.GetProperty("Environment").EnumerateArray(),
        variable => variable.GetProperty("Name").GetString() == name).GetProperty("Value"));

    private static readonly StorageOptions Storage = new();

    [Fact]
    public void The_root_filesystem_is_read_only() =>
        Assert.True(Container.GetProperty("ReadonlyRootFilesystem").GetBoolean());

    [Fact]
    public void The_only_writable_path_is_tmp_on_a_task_volume_and_TMPDIR_points_there()
    {
        var volume = Assert.Single(TaskDefinition.GetProperty("Volumes").EnumerateArray());
        var mount = Assert.Single(Container.GetProperty("MountPoints").EnumerateArray());

        // A bind mount on the task's ephemeral storage: a name and nothing else (no host path, no EFS, no Docker volume).
        Assert.Equal(["Name"], volume.EnumerateObject().Select(property => property.Name));
        Assert.Equal(volume.GetProperty("Name").GetString(), mount.GetProperty("SourceVolume").GetString());
        Assert.Equal("/tmp", mount.GetProperty("ContainerPath").GetString());
        Assert.False(mount.GetProperty("ReadOnly").GetBoolean());
        Assert.Equal("/tmp", Variable("TMPDIR"));
    }

    [Fact]
    public void Every_container_of_the_task_runs_as_a_numeric_non_root_user_and_group()
    {
        var containers = TaskDefinition.GetProperty("ContainerDefinitions").EnumerateArray().ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, container =>
        {
            var name = container.GetProperty("Name").GetString();
            // Without a User the image's applies, root unless the image says otherwise; a name could map to uid 0.
            Assert.True(container.TryGetProperty("User", out var user), $"{name} names no user");
            Assert.All(user.GetString()!.Split(':'), id =>
                Assert.True(uint.TryParse(id, CultureInfo.InvariantCulture, out var number) && number != 0, $"{name} runs as {user}"));
        });
    }

    [Fact]
    public void An_init_process_runs_as_PID_1() =>
        Assert.True(Container.GetProperty("LinuxParameters").GetProperty("InitProcessEnabled").GetBoolean());

    [Fact]
    public void The_drain_outlasts_the_longest_confirmation()
    {
        var longest = Storage.RequestBudget + Storage.ConfirmBudget;
        var delay = TimeSpan.FromSeconds(int.Parse(Assert.Single(
            stacks.Service.Properties("AWS::ElasticLoadBalancingV2::TargetGroup").GetProperty("TargetGroupAttributes").EnumerateArray(),
            attribute => attribute.GetProperty("Key").GetString() == "deregistration_delay.timeout_seconds")
            .GetProperty("Value").GetString()!, CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(RequestBudgets.LongestRequestSeconds), longest);
        Assert.True(delay >= longest + TimeSpan.FromSeconds(5), $"deregistration delay {delay} < {longest} + 5 s");
    }

    [Fact]
    public void After_SIGTERM_the_host_finishes_requests_before_ECS_kills_the_container()
    {
        var stopTimeout = TimeSpan.FromSeconds(Container.GetProperty("StopTimeout").GetInt32());
        var hostShutdown = TimeSpan.Parse(Variable("HostOptions__ShutdownTimeout"), CultureInfo.InvariantCulture);

        Assert.True(hostShutdown >= Storage.RequestBudget + Storage.ConfirmBudget + TimeSpan.FromSeconds(5));
        Assert.InRange(stopTimeout - hostShutdown, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        Assert.True(stopTimeout <= TimeSpan.FromSeconds(120), "Fargate allows a stop timeout of at most 120 s");
    }

    [Fact]
    public void The_shutdown_timeout_binds_to_the_standard_HostOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [KeyValuePair.Create<string, string?>("HostOptions:ShutdownTimeout", Variable(ApiEnvironment.HostShutdownTimeout))]).Build();

        Assert.Equal("HostOptions__ShutdownTimeout", ApiEnvironment.HostShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(GracefulStop.HostShutdownSeconds),
            configuration.GetSection("HostOptions").Get<HostOptions>()!.ShutdownTimeout);
    }
}
