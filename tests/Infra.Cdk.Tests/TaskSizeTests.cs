using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

public sealed class LargerTaskService() : SynthesizedService(new Dictionary<string, object>
{
    [ServiceContext.TaskCpuKey] = "2048",
    [ServiceContext.TaskMemoryKey] = "8192",
});

/// <summary>The task is sized for decoding (1 vCPU, 2 GiB) unless context says otherwise, within what Fargate offers.</summary>
public class TaskSizeTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    [Fact]
    public void By_default_a_task_has_one_vcpu_and_two_gib_for_decoding()
    {
        var task = stacks.Service.Properties("AWS::ECS::TaskDefinition");

        Assert.Equal(("1024", "2048"), (task.GetProperty("Cpu").GetString(), task.GetProperty("Memory").GetString()));
    }

    [Theory]
    [InlineData("256", "4096")]
    [InlineData("1024", "1024")]
    [InlineData("1024", "2500")]
    [InlineData("3000", "8192")]
    [InlineData("one", "2048")]
    public void A_size_fargate_does_not_offer_is_refused_at_synthesis(string cpu, string memory) =>
        Assert.Throws<ArgumentException>(() => TaskSize.Parse(cpu, memory));

    [Theory]
    [InlineData("256", "512")]
    [InlineData("512", "4096")]
    [InlineData("4096", "30720")]
    public void Every_size_fargate_offers_is_accepted(string cpu, string memory) =>
        Assert.Equal(int.Parse(memory, System.Globalization.CultureInfo.InvariantCulture), TaskSize.Parse(cpu, memory).MemoryMiB);
}

public class LargerTaskTests(LargerTaskService stacks) : IClassFixture<LargerTaskService>
{
    [Fact]
    public void Context_sets_the_task_size()
    {
        var task = stacks.Service.Properties("AWS::ECS::TaskDefinition");

        Assert.Equal(("2048", "8192"), (task.GetProperty("Cpu").GetString(), task.GetProperty("Memory").GetString()));
    }
}
