using System.Diagnostics;
using Xunit.Abstractions;

namespace AppHost.Tests;

/// <summary>
/// A client generated from the served OpenAPI document by a maintained generator (Kiota, pinned in
/// .config/dotnet-tools.json) compiles and runs the README walkthrough against the live API: the document is
/// good enough to build real clients from, not only to read.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class KiotaClientTests(ImageServiceFixture service, ITestOutputHelper output)
{
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_kiota_client_generated_from_the_served_document_runs_the_walkthrough()
    {
        var repository = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("kiota-walkthrough-");
        try
        {
            var documentPath = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(documentPath, service.Conformance.Document.ToJsonString());
            var imagePath = Path.Combine(work.FullName, "image.png");
            await File.WriteAllBytesAsync(imagePath, TestImages.Png(40, 30));
            var sources = Path.Combine(AppContext.BaseDirectory, "GeneratedClient");
            File.Copy(Path.Combine(sources, "Program.cs"), Path.Combine(work.FullName, "Program.cs"));
            File.Copy(Path.Combine(sources, "WalkthroughClient.csproj.template"), Path.Combine(work.FullName, "WalkthroughClient.csproj"));

            await RunAsync(repository, "dotnet", "tool", "restore");
            await RunAsync(repository, "dotnet", "kiota", "generate", "--language", "CSharp", "--openapi", documentPath,
                "--output", Path.Combine(work.FullName, "Client"), "--class-name", "ImagesClient", "--namespace-name", "Generated.Images",
                "--exclude-backward-compatible", "--clean-output");
            await RunAsync(work.FullName, "dotnet", "build", "-c", "Release", "-nologo", "-v", "q");
            var run = await RunAsync(work.FullName, "dotnet", "run", "-c", "Release", "--no-build", "--",
                service.Api.Http.BaseAddress!.ToString().TrimEnd('/'), imagePath);

            Assert.Contains("WALKTHROUGH OK", run);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private async Task<string> RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(StepDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var text = await stdout + await stderr;
        output.WriteLine($"$ {file} {string.Join(' ', arguments)}\n{text}");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{text}");
        return text;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CloudImageService.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("CloudImageService.sln not found above " + AppContext.BaseDirectory);
    }
}
