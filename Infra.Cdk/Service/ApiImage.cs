using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.ECS;

namespace CloudImageService.Infra.Service;

/// <summary>
/// The ImageApi's container image, built from <c>ImageApi/Dockerfile</c> with the repository root as build context.
/// Synthesis only stages the context (filtered by the root <c>.dockerignore</c>) into <c>cdk.out</c>: no Docker is
/// needed until <c>cdk deploy</c>, which builds and pushes the image when its sources change.
/// </summary>
public static class ApiImage
{
    public const string DockerfilePath = "ImageApi/Dockerfile";

    /// <summary>
    /// <c>APP_UID</c> of the .NET chiseled images (the user <c>app</c>; the image has no root shell anyway). The task
    /// definition names it too, so the container stays non-root even if a later Dockerfile forgets <c>USER</c>.
    /// </summary>
    public const string NonRootUser = "1654";

    public static ContainerImage FromRepository() =>
        ContainerImage.FromAsset(FindRepositoryRoot(), new AssetImageProps
        {
            File = DockerfilePath,
            // Fargate runs the task as X86_64 (TaskDefinitions.cs); build for it even on an arm64 workstation.
            Platform = Platform_.LINUX_AMD64,
        });

    /// <summary>
    /// The folder that holds <see cref="DockerfilePath"/>: above the working directory (<c>cdk synth</c> runs in
    /// Infra.Cdk) or above the assembly (tests run in their bin folder).
    /// </summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, DockerfilePath))) return directory.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No {DockerfilePath} above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}: run the CDK app from the repository.");
    }
}
