using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// The published ImageApi (Release, as the Dockerfile publishes it) started as the synthesized task definition starts
/// its container: the container's environment and secrets (stack outputs and secrets replaced by local values), its
/// user, and, when this runs as root on Linux, a private mount namespace whose whole filesystem is read-only except
/// the task's own writable mount points (tmpfs), with the app's files on a read-only bind mount as the image's /app.
/// The one departure: the server listens on 127.0.0.1 at the container port instead of every interface.
/// </summary>
public sealed class TaskRehearsal : IAsyncDisposable
{
    /// <summary>Where the app's files appear inside the namespace (an existing empty directory, hidden only there).</summary>
    private const string AppMount = "/srv";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TaskRehearsal(Process process, int port, bool confined)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}/");
        Confined = confined;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    /// <summary>Read-only filesystem and the task's user applied (needs root on Linux).</summary>
    public bool Confined { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The real user id the app runs as (from /proc).</summary>
    public string UserId => File.ReadLines($"/proc/{_process.Id}/status")
        .Single(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    /// <summary>The mount points the app sees as writable (from its /proc mountinfo; pseudo filesystems left out).</summary>
    public IReadOnlyList<string> WritableMounts() =>
    [
        .. File.ReadLines($"/proc/{_process.Id}/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields[5].Split(',').Contains("rw"))
            .Where(fields => !new[] { "/proc", "/sys", "/dev" }.Any(pseudo => fields[4] == pseudo || fields[4].StartsWith(pseudo + "/", StringComparison.Ordinal)))
            .Select(fields => fields[4]),
    ];

    public static bool CanConfine => OperatingSystem.IsLinux() && System.Environment.UserName == "root";

    /// <summary>Publishes the ImageApi the way the Dockerfile does, once per test run, into <paramref name="output"/>.</summary>
    public static async Task PublishAsync(string repositoryRoot, string output)
    {
        var publish = Start("dotnet", [
            "publish", Path.Combine(repositoryRoot, "ImageApi", "ImageApi.csproj"), "--configuration", "Release",
            "--runtime", "linux-x64", "--self-contained", "false", "--output", output, "-p:UseAppHost=false", "--nologo",
        ], new Dictionary<string, string>());
        var log = await publish.StandardOutput.ReadToEndAsync() + await publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.True(publish.ExitCode == 0, "dotnet publish failed:\n" + log);
    }

    /// <summary>Starts the published app at <paramref name="appDirectory"/> as <paramref name="container"/> would run.</summary>
    public static TaskRehearsal Start(string appDirectory, JsonElement container, IReadOnlyDictionary<string, string> environment)
    {
        var port = container.GetProperty("PortMappings")[0].GetProperty("ContainerPort").GetInt32();
        var variables = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        };
        if (!CanConfine)
        {
            return new TaskRehearsal(Start("dotnet", [Path.Combine(appDirectory, "ImageApi.dll")], variables, appDirectory), port, confined: false);
        }

        var user = container.GetProperty("User").GetString()!;
        var writable = WritablePaths(container);
        string[] steps =
        [
            $"mount --bind '{appDirectory}' {AppMount}",
            $"mount -o remount,bind,ro {AppMount}",
            "mount -o remount,bind,ro /",
            .. writable.Select(path => $"mount -t tmpfs -o size=256m,mode=1777 tmpfs '{path}'"),
            $"cd {AppMount}",
            $"exec setpriv --reuid {user} --regid {user} --clear-groups --inh-caps=-all dotnet ImageApi.dll",
        ];
        var script = string.Join(" && ", steps);
        var process = Start("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script], variables);
        return new TaskRehearsal(process, port, confined: true);
    }

    /// <summary>Everything the container may write: its mount points when the root filesystem is read-only.</summary>
    public static IReadOnlyList<string> WritablePaths(JsonElement container) =>
        container.TryGetProperty("MountPoints", out var mounts)
            ? [.. mounts.EnumerateArray().Where(mount => !mount.TryGetProperty("ReadOnly", out var readOnly) || !readOnly.GetBoolean())
                .Select(mount => mount.GetProperty("ContainerPath").GetString()!)]
            : [];

    /// <summary>Stops it as ECS does (SIGTERM) and waits for the exit; the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static Process Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment.Count > 0)
        {
            start.Environment.Clear();
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }
}
