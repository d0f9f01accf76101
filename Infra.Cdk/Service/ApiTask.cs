using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <summary>
/// The Fargate task: one non-root ImageApi container whose role carries exactly the storage stack's API policy (the
/// execution role, which pulls the image and writes logs, is separate and CDK-managed).
/// </summary>
public static class ApiTask
{
    public const string ContainerName = "imageapi";
    public const RetentionDays LogRetention = RetentionDays.ONE_MONTH;

    public static FargateTaskDefinition Create(
        Construct scope, string id, TaskSize size, IManagedPolicy apiPolicy, IDictionary<string, string> environment,
        IDictionary<string, Amazon.CDK.AWS.ECS.Secret> secrets)
    {
        var role = new Role(scope, "TaskRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = "The ImageApi's identity: the storage stack's least-privilege policy and nothing else",
            ManagedPolicies = [apiPolicy],
        });

        var task = new FargateTaskDefinition(scope, id, new FargateTaskDefinitionProps
        {
            Cpu = size.Cpu,
            MemoryLimitMiB = size.MemoryMiB,
            TaskRole = role,
            RuntimePlatform = new RuntimePlatform
            {
                CpuArchitecture = CpuArchitecture.X86_64,
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
            },
        });

        var logs = new LogGroup(scope, "Logs", new LogGroupProps
        {
            Retention = LogRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        task.AddContainer(ContainerName, new ContainerDefinitionOptions
        {
            Image = ApiImage.FromRepository(),
            Environment = environment,
            Secrets = secrets,
            User = ApiImage.NonRootUser,
            PortMappings = [new PortMapping { ContainerPort = ApiEnvironment.ContainerPort, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }],
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps
            {
                LogGroup = logs,
                StreamPrefix = ContainerName,
                // A slow CloudWatch must not stall the API's writes to stdout; a full buffer drops log lines instead.
                Mode = AwsLogDriverMode.NON_BLOCKING,
            }),
            // ASP.NET Core drains in-flight requests on SIGTERM; the load balancer has deregistered the task by then.
            StopTimeout = Duration.Seconds(30),
        });

        return task;
    }
}
