using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace CloudImageService.Infra.Service;

/// <param name="ApiPolicy">The storage stack's policy: all the task role may do.</param>
/// <param name="Environment">The container's variables (<see cref="ApiEnvironment.For"/>).</param>
/// <param name="Secrets">Variables injected from Secrets Manager (<see cref="ApiSecrets.ContainerSecrets"/>).</param>
/// <param name="LogsRemovalPolicy">The deployment's data policy: the API's log group is retained unless it is DESTROY.</param>
public sealed record ApiTaskProps(
    TaskSize Size,
    IManagedPolicy ApiPolicy,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, Amazon.CDK.AWS.ECS.Secret> Secrets,
    RemovalPolicy LogsRemovalPolicy);

/// <summary>
/// The Fargate task: one non-root ImageApi container whose role carries exactly the storage stack's API policy (the
/// execution role, which pulls the image and writes logs, is separate and CDK-managed). Its root filesystem is
/// read-only; it writes only to <see cref="ScratchPath"/>, a bind-mount volume on the task's ephemeral storage (Fargate
/// has no tmpfs), which holds spooled originals and libvips' temporary images while they are verified.
/// </summary>
public sealed class ApiTask : Construct
{
    public const string ContainerName = "imageapi";
    public const RetentionDays LogRetention = RetentionDays.ONE_MONTH;

    /// <summary>
    /// The writable directory. Fargate creates a bind mount owned by root with mode 0755 unless the image declares the
    /// same path as a VOLUME: then it copies the image's directory, whose mode (1777) lets the non-root user write.
    /// </summary>
    public const string ScratchPath = "/tmp";
    public const string ScratchVolume = "scratch";

    public ApiTask(Construct scope, string id, ApiTaskProps props) : base(scope, id)
    {
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
            Description = "The ImageApi's identity: the storage stack's least-privilege policy and nothing else",
            ManagedPolicies = [props.ApiPolicy],
        });

        Definition = new FargateTaskDefinition(this, StableIds.MainResource, new FargateTaskDefinitionProps
        {
            Cpu = props.Size.Cpu,
            MemoryLimitMiB = props.Size.MemoryMiB,
            TaskRole = Role,
            RuntimePlatform = new RuntimePlatform
            {
                CpuArchitecture = CpuArchitecture.X86_64,
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
            },
        });

        Logs = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = LogRetention,
            // An incident is investigated after the stack that had it is gone.
            RemovalPolicy = props.LogsRemovalPolicy,
        });

        Container = Definition.AddContainer(ContainerName, new ContainerDefinitionOptions
        {
            Image = ApiImage.FromRepository(),
            Environment = props.Environment.ToDictionary(),
            Secrets = props.Secrets.ToDictionary(),
            User = ApiImage.NonRootUser,
            PortMappings = [new PortMapping { ContainerPort = ApiEnvironment.ContainerPort, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }],
            Logging = LogDrivers.AwsLogs(new AwsLogDriverProps
            {
                LogGroup = Logs,
                StreamPrefix = ContainerName,
                // A slow CloudWatch must not stall the API's writes to stdout; a full buffer drops log lines instead.
                Mode = AwsLogDriverMode.NON_BLOCKING,
            }),
            ReadonlyRootFilesystem = true,
            // An init process as PID 1 forwards SIGTERM to dotnet and reaps any child process.
            LinuxParameters = new LinuxParameters(this, "LinuxParameters", new LinuxParametersProps { InitProcessEnabled = true }),
            StopTimeout = Duration.Seconds(GracefulStop.StopTimeoutSeconds),
        });
        Definition.AddVolume(new Volume { Name = ScratchVolume });
        Container.AddMountPoints(new MountPoint
        {
            SourceVolume = ScratchVolume,
            ContainerPath = ScratchPath,
            ReadOnly = false,
        });

        Collector = new TelemetryCollector(this, "Collector", new TelemetryCollectorProps(Definition, Logs));
    }

    public FargateTaskDefinition Definition { get; }
    public ContainerDefinition Container { get; }
    public TelemetryCollector Collector { get; }
    public Role Role { get; }
    public LogGroup Logs { get; }
}
