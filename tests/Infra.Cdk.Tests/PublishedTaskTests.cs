using System.Net;
using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

/// <summary>
/// The task definition and the app agree: the published ImageApi, given exactly what the synthesized task definition
/// gives its container, boots as the task's non-root user on a read-only filesystem, passes the load balancer's health
/// check on the container port, refuses anonymous calls, and exits cleanly on the SIGTERM that stops a task.
/// </summary>
public sealed class PublishedTaskTests(PublishedTaskTests.PublishedApi published)
    : IClassFixture<PublishedTaskTests.PublishedApi>
{
    [Fact]
    public async Task The_published_api_boots_in_the_task_s_environment_and_answers_the_health_check_and_refuses_anonymous_calls()
    {
        var container = published.Stacks.Container;
        await using var task = TaskRehearsal.Start(published.AppDirectory, container, published.ContainerEnvironment());
        using var http = new HttpClient { BaseAddress = task.Url, Timeout = TimeSpan.FromSeconds(10) };

        using var health = await UntilAnsweringAsync(http, published.Stacks.HealthCheckPath, task);
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"{published.Stacks.HealthCheckPath}: {(int)health.StatusCode}\n{task.Output}");
        using var anonymous = await http.GetAsync("images?user_id=alice");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        if (task.Confined)
        {
            Assert.Equal(container.GetProperty("User").GetString(), task.UserId);
            Assert.Equal(TaskRehearsal.WritablePaths(container).Order(), task.WritableMounts().Order());
        }

        Assert.Equal(0, await task.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.True(container.GetProperty("ReadonlyRootFilesystem").GetBoolean());
        Assert.DoesNotContain("Read-only file system", task.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", task.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UntilAnsweringAsync(HttpClient http, string path, TaskRehearsal task)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90)); // a hang, not a performance bound
        while (true)
        {
            Assert.False(task.HasExited, "The app exited during start-up:\n" + task.Output);
            try
            {
                return await http.GetAsync(path.TrimStart('/'), limit.Token);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, limit.Token);
            }
        }
    }

    /// <summary>The app published once for the class, and the container definition it is started with.</summary>
    public sealed class PublishedApi : IAsyncLifetime
    {
        private readonly string _workspace = Path.Combine(Path.GetTempPath(), "cis-task-" + Guid.NewGuid().ToString("N"));

        public SynthesizedHttpsService Stacks { get; } = new();

        public string AppDirectory => Path.Combine(_workspace, "app");

        public async Task InitializeAsync()
        {
            var context = Path.Combine(_workspace, "context");
            BuildContext.CopyTo(context);
            await TaskRehearsal.PublishAsync(context, AppDirectory);
        }

        /// <summary>The container's variables and secrets, with stack references and secrets replaced by local values.</summary>
        public Dictionary<string, string> ContainerEnvironment()
        {
            var local = new Dictionary<string, string>
            {
                [ApiEnvironment.BucketName] = "rehearsal-bucket",
                [ApiEnvironment.TableName] = "rehearsal-table",
                [ApiEnvironment.Region] = "us-east-1",
                [ApiEnvironment.ForwardedHeadersKnownNetwork] = "10.0.0.0/16",
                [ApiSecrets.CursorKeyVariable] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(33)),
            };
            var environment = BuildContext.ImageEnvironment();
            foreach (var variable in Stacks.Container.GetProperty("Environment").EnumerateArray())
            {
                var (name, value) = (variable.GetProperty("Name").GetString()!, StackTemplate.Render(variable.GetProperty("Value")));
                environment[name] = value.Contains("${", StringComparison.Ordinal)
                    ? local.GetValueOrDefault(name) ?? throw new InvalidOperationException($"No local value for {name} = {value}")
                    : value;
            }
            if (Stacks.Container.TryGetProperty("Secrets", out var secrets))
            {
                foreach (var secret in secrets.EnumerateArray())
                {
                    var name = secret.GetProperty("Name").GetString()!;
                    environment[name] = local.GetValueOrDefault(name) ?? throw new InvalidOperationException($"No local value for secret {name}");
                }
            }
            return environment;
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(_workspace, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a process that was killed: the temp folder's own cleanup takes it.
            }
            return Task.CompletedTask;
        }
    }
}
