using System.Diagnostics;
using Aspire.Hosting.Testing;

namespace AppHost.Tests;

/// <summary>Runs the built ImageApi as a command (<c>variants rebuild</c>, <c>timeline backfill</c>) against the fixture's emulators.</summary>
public static class ImageApiCommand
{
    public static async Task<string> RunAsync(ImageServiceFixture service, params string[] arguments)
    {
        var imageApi = AppContext.BaseDirectory.Replace(Path.Combine("tests", "AppHost.Tests"), "ImageApi", StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(imageApi, "ImageApi.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["AWS_ENDPOINT_URL_S3"] = service.App.GetEndpoint("s3", "http").ToString(),
                ["AWS_ENDPOINT_URL_DYNAMODB"] = service.App.GetEndpoint("dynamodb", "http").ToString(),
                ["AWS_ACCESS_KEY_ID"] = "S3RVER",
                ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
                ["AWS_REGION"] = "us-east-1",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        var text = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {text}");
        return text;
    }
}
