using System.Globalization;

namespace LoadBenchmark;

/// <summary>CPU time and memory of a process, read from /proc (Linux).</summary>
public static class ProcessStats
{
    // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    /// <summary>utime + stime of the process, in microseconds.</summary>
    public static double CpuMicroseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may hold spaces: fields are counted after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond * 1_000_000;
    }

    /// <summary>A field of /proc/pid/status in MB (VmHWM, VmRSS).</summary>
    public static double StatusMegabytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kb / 1024.0;
        }
        throw new InvalidOperationException($"{field} not in /proc/{pid}/status.");
    }

    /// <summary>Resets VmHWM to the current RSS (writing 5 to clear_refs), so the next peak is this phase's.</summary>
    public static bool TryResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
