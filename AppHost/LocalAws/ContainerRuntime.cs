using System.Diagnostics;

namespace CloudImageService.AppHost.LocalAws;

/// <summary>Answers whether a container runtime (Docker or Podman) is running, by asking it for a few seconds.</summary>
public static class ContainerRuntime
{
    public static bool IsAvailable(TimeSpan timeout) =>
        Answers("docker", timeout) || Answers("podman", timeout);

    private static bool Answers(string command, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null) return false;
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (process.WaitForExit(timeout)) return process.ExitCode == 0;
            process.Kill(entireProcessTree: true);
            return false;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
