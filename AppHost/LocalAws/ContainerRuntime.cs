using System.Diagnostics;

namespace CloudImageService.AppHost.LocalAws;

/// <summary>
/// Answers whether a container runtime (Docker or Podman) is running Linux containers, by asking it for a few seconds.
/// LocalStack is a Linux image: Docker Desktop switched to Windows containers cannot run it.
/// </summary>
public static class ContainerRuntime
{
    // Podman answers the same Go template under another name.
    private static readonly (string Command, string Arguments)[] Probes =
    [
        ("docker", "info --format {{.OSType}}"),
        ("podman", "info --format {{.Host.OS}}"),
    ];

    public static bool IsAvailable(TimeSpan timeout) =>
        Probes.Any(probe => RunsLinuxContainers(probe.Command, probe.Arguments, timeout));

    /// <summary>Whether what the runtime printed names Linux as the OS its containers run.</summary>
    public static bool IsLinux(string output) => output.Trim().Equals("linux", StringComparison.OrdinalIgnoreCase);

    private static bool RunsLinuxContainers(string command, string arguments, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return false;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0 && output.Wait(timeout) && IsLinux(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
