using System.Globalization;

namespace LoadBenchmark;

/// <summary>
/// A cgroup v1 group sized like a Fargate task (CPU units, MiB), to run the API in as the deployed task runs it: the
/// runtime then sees that memory limit and processor count, and libvips' native memory counts against the limit.
/// Needs root and cgroup v1 (memory and cpu controllers under /sys/fs/cgroup).
/// </summary>
public sealed class TaskCgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private readonly string _memory;
    private readonly string _cpu;

    public TaskCgroup(int cpuUnits, int memoryMiB)
    {
        (CpuUnits, MemoryMiB) = (cpuUnits, memoryMiB);
        var name = "cis-task-" + Environment.ProcessId;
        _memory = Path.Combine(Root, "memory", name);
        _cpu = Path.Combine(Root, "cpu", name);
        Directory.CreateDirectory(_memory);
        Directory.CreateDirectory(_cpu);
        Write(_memory, "memory.limit_in_bytes", (long)memoryMiB * 1024 * 1024);
        Write(_cpu, "cpu.cfs_period_us", 100_000);
        Write(_cpu, "cpu.cfs_quota_us", 100_000L * cpuUnits / 1024);
    }

    public int CpuUnits { get; }

    public int MemoryMiB { get; }

    public static bool IsAvailable() =>
        Environment.UserName == "root" && Directory.Exists(Path.Combine(Root, "memory")) && Directory.Exists(Path.Combine(Root, "cpu"));

    /// <summary>A shell command that moves itself into the group and then becomes <paramref name="command"/>.</summary>
    public string Wrap(string command) =>
        $"echo $$ > {_memory}/cgroup.procs && echo $$ > {_cpu}/cgroup.procs && exec {command}";

    public long PeakBytes => long.Parse(File.ReadAllText(Path.Combine(_memory, "memory.max_usage_in_bytes")).Trim(), CultureInfo.InvariantCulture);

    public void ResetPeak() => Write(_memory, "memory.max_usage_in_bytes", 0);

    /// <summary>Processes the kernel killed for exceeding the limit.</summary>
    public int OomKills => File.ReadLines(Path.Combine(_memory, "memory.oom_control"))
        .Select(line => line.Split(' '))
        .Where(parts => parts[0] == "oom_kill")
        .Select(parts => int.Parse(parts[1], CultureInfo.InvariantCulture))
        .FirstOrDefault();

    public void Dispose()
    {
        foreach (var group in new[] { _memory, _cpu })
        {
            try
            {
                Directory.Delete(group);
            }
            catch (IOException)
            {
                // Still holds a process that is exiting; the kernel frees an empty group on the next run's rmdir.
            }
        }
    }

    private static void Write(string group, string file, long value) =>
        File.WriteAllText(Path.Combine(group, file), value.ToString(CultureInfo.InvariantCulture));
}
