namespace ImageApi.Tests;

/// <summary>Files of the repository these tests read (README, docs/, sources), found from the test binary upwards.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CloudImageService.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("CloudImageService.sln not found above the test binary.");
    }
}
