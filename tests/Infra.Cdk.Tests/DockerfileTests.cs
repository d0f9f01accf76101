using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// What can be checked of the image without a Docker daemon: the Dockerfile's stages, base images and user, and the
/// build context CDK stages from the repository root.
/// </summary>
public class DockerfileTests
{
    private static readonly string Root = ApiImage.FindRepositoryRoot();

    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(Root, ApiImage.DockerfilePath))
        .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();

    private static IEnumerable<string> BaseImages =>
        Lines.Where(line => line.StartsWith("FROM ", StringComparison.Ordinal)).Select(line => line.Split(' ')[1]);

    private static IEnumerable<string> FinalStage =>
        Lines.Skip(Array.FindLastIndex(Lines, line => line.StartsWith("FROM ", StringComparison.Ordinal)));

    [Fact]
    public void Builds_in_two_stages_with_the_NET_10_SDK_and_runs_on_the_chiseled_ASP_NET_runtime() =>
        Assert.Equal(
            ["mcr.microsoft.com/dotnet/sdk:10.0-noble", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled"],
            BaseImages);

    [Fact]
    public void Base_images_are_pinned_glibc_images() =>
        Assert.All(BaseImages, image =>
        {
            Assert.Contains(':', image);
            Assert.DoesNotContain("latest", image, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("alpine", image, StringComparison.OrdinalIgnoreCase);
        });

    [Fact]
    public void The_final_stage_runs_as_the_non_root_app_user()
    {
        var user = Assert.Single(FinalStage, line => line.StartsWith("USER ", StringComparison.Ordinal));

        Assert.Equal("USER $APP_UID", user);
    }

    [Fact]
    public void The_final_stage_listens_on_the_container_port_and_starts_the_ImageApi()
    {
        Assert.Contains($"EXPOSE {ApiEnvironment.ContainerPort}", FinalStage);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"ImageApi.dll\"]", FinalStage);
    }

    [Fact]
    public void The_final_stage_declares_the_scratch_directory_the_task_mounts_as_a_volume() =>
        Assert.Contains($"VOLUME [\"{ApiTask.ScratchPath}\"]", FinalStage);

    [Fact]
    public void The_build_context_admits_only_what_the_image_is_built_from()
    {
        var ignore = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();

        Assert.Equal("*", ignore[0]);
        Assert.Equal(
            ["!.editorconfig", "!Directory.Build.props", "!Directory.Packages.props", "!ImageApi/", "!ServiceDefaults/"],
            ignore.Where(line => line.StartsWith('!')).Order());
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
    }
}
