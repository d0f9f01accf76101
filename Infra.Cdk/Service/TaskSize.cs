using System.Globalization;

namespace CloudImageService.Infra.Service;

/// <summary>
/// CPU units (1024 = one vCPU) and memory of a Fargate task. The default is sized for decoding: the API derives one
/// decode thread per vCPU and a per-decode memory budget of (¾ of the memory − 256 MiB) / 2 per thread, so 1 vCPU and
/// 2 GiB admit decodes of up to 640 MiB, e.g. a 100-megapixel interlaced PNG of 8-bit RGB or a 40-megapixel 16-bit RGBA one.
/// </summary>
public sealed record TaskSize(int Cpu, int MemoryMiB)
{
    public static readonly TaskSize Default = new(1024, 2048);

    /// <summary>The size from context (<c>-c taskCpu=2048 -c taskMemoryMiB=4096</c>); a combination Fargate does not offer throws.</summary>
    public static TaskSize Parse(string? cpu, string? memoryMiB)
    {
        var size = new TaskSize(
            cpu is null ? Default.Cpu : ParseNumber(ServiceContext.TaskCpuKey, cpu),
            memoryMiB is null ? Default.MemoryMiB : ParseNumber(ServiceContext.TaskMemoryKey, memoryMiB));
        return size.IsOfferedByFargate
            ? size
            : throw new ArgumentException(
                $"Fargate has no task of {size.Cpu} CPU units and {size.MemoryMiB} MiB: with 512 to 4096 units, memory is 2 to 8 "
                + "times the units in MiB (at most 30720), in steps of 1024.");
    }

    // Linux Fargate task sizes up to 4 vCPU (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
    private bool IsOfferedByFargate => Cpu switch
    {
        256 => MemoryMiB is 512 or 1024 or 2048,
        512 or 1024 or 2048 or 4096 => MemoryMiB % 1024 == 0 && MemoryMiB >= 2 * Cpu && MemoryMiB <= Math.Min(8 * Cpu, 30720),
        _ => false,
    };

    private static int ParseNumber(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"Context '{key}' must be a whole number, not '{value}'.");
}
