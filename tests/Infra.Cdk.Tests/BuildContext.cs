using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

/// <summary>The image's build context (the root <c>.dockerignore</c>'s allow-list) and what the image sets itself.</summary>
internal static class BuildContext
{
    private static readonly string Root = ApiImage.FindRepositoryRoot();

    /// <summary>Copies what <c>.dockerignore</c> admits (its <c>!</c> lines), without build outputs, to <paramref name="destination"/>.</summary>
    public static void CopyTo(string destination)
    {
        var admitted = File.ReadLines(Path.Combine(Root, ".dockerignore"))
            .Select(line => line.Trim()).Where(line => line.StartsWith('!')).Select(line => line[1..]).ToList();
        var ignored = new[] { "bin", "obj", "node_modules" };
        Directory.CreateDirectory(destination);
        foreach (var file in admitted.Where(entry => !entry.EndsWith('/')))
        {
            File.Copy(Path.Combine(Root, file), Path.Combine(destination, file));
        }
        foreach (var folder in admitted.Where(entry => entry.EndsWith('/')))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Root, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(ignored.Contains)) continue;
                var target = Path.Combine(destination, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    /// <summary>
    /// The environment the image itself gives the process: the Dockerfile's <c>ENV</c> lines, over what the .NET
    /// <c>aspnet</c> base image sets (its documented variables).
    /// </summary>
    public static Dictionary<string, string> ImageEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["APP_UID"] = ApiImage.NonRootUser,
            ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
            ["ASPNETCORE_HTTP_PORTS"] = "8080",
        };
        foreach (var line in File.ReadLines(Path.Combine(Root, ApiImage.DockerfilePath)).Where(line => line.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            var (name, value) = (line[4..].Split('=', 2)[0].Trim(), line[4..].Split('=', 2)[1].Trim());
            environment[name] = value;
        }
        return environment;
    }
}
