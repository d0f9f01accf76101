using System.Text.Json;
using CloudImageService.Infra.Service;

namespace CloudImageService.Infra.Tests;

public class ServiceStackTests(SynthesizedService stacks) : IClassFixture<SynthesizedService>
{
    private StackTemplate Service => stacks.Service;

    private JsonElement Container =>
        Assert.Single(Service.Properties("AWS::ECS::TaskDefinition").GetProperty("ContainerDefinitions").EnumerateArray(),
            container => container.GetProperty("Name").GetString() == ApiTask.ContainerName);

    private JsonElement EcsService => Service.Properties("AWS::ECS::Service");

    [Fact]
    public void Without_a_certificate_listens_on_HTTP_port_80_only()
    {
        var listener = Service.Properties("AWS::ElasticLoadBalancingV2::Listener");

        Assert.Equal("HTTP", listener.GetProperty("Protocol").GetString());
        Assert.Equal(80, listener.GetProperty("Port").GetInt32());
        Assert.Equal("forward", Assert.Single(listener.GetProperty("DefaultActions").EnumerateArray()).GetProperty("Type").GetString());
    }

    [Fact]
    public void Target_group_checks_liveness_of_ServiceDefaults_not_readiness()
    {
        var targetGroup = Service.Properties("AWS::ElasticLoadBalancingV2::TargetGroup");

        Assert.Equal(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath, targetGroup.GetProperty("HealthCheckPath").GetString());
        Assert.Equal("/alive", targetGroup.GetProperty("HealthCheckPath").GetString());
        Assert.NotEqual(Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath, targetGroup.GetProperty("HealthCheckPath").GetString());
        Assert.Equal("200", targetGroup.GetProperty("Matcher").GetProperty("HttpCode").GetString());
        Assert.Equal("ip", targetGroup.GetProperty("TargetType").GetString());
    }

    [Fact]
    public void Load_balancer_forwards_to_the_container_port_the_API_listens_on()
    {
        var target = Assert.Single(EcsService.GetProperty("LoadBalancers").EnumerateArray());

        Assert.Equal(ApiTask.ContainerName, target.GetProperty("ContainerName").GetString());
        Assert.Equal(ApiEnvironment.ContainerPort, target.GetProperty("ContainerPort").GetInt32());
        Assert.Equal(ApiEnvironment.ContainerPort,
            Assert.Single(Container.GetProperty("PortMappings").EnumerateArray()).GetProperty("ContainerPort").GetInt32());
    }

    [Fact]
    public void Task_role_carries_the_storage_stack_API_policy_and_writes_only_to_the_API_log_group()
    {
        var (roleId, role) = TaskRole;
        var import = Assert.Single(role.GetProperty("Properties").GetProperty("ManagedPolicyArns").EnumerateArray());
        var exportName = import.GetProperty("Fn::ImportValue").GetString();
        var exported = Assert.Single(stacks.Storage.Json.GetProperty("Outputs").EnumerateObject(),
            output => output.Value.TryGetProperty("Export", out var export)
                && export.GetProperty("Name").GetString() == exportName);

        Assert.Equal($"${{{stacks.Storage.Single("AWS::IAM::ManagedPolicy").LogicalId}}}",
            StackTemplate.Render(exported.Value.GetProperty("Value")));
        Assert.False(role.GetProperty("Properties").TryGetProperty("Policies", out _));
        // The telemetry collector shares the task role: it writes EMF records to the API's log group, nothing more.
        var inline = Assert.Single(Service.Resources("AWS::IAM::Policy"), policy =>
            policy.Resource.GetProperty("Properties").GetProperty("Roles").EnumerateArray()
                .Any(attached => StackTemplate.Render(attached) == $"${{{roleId}}}"));
        var statement = Assert.Single(inline.Resource.GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
        Assert.Equal(["logs:CreateLogStream", "logs:PutLogEvents"], StackTemplate.Strings(statement.GetProperty("Action")).Order());
        Assert.Equal($"${{{Service.Single("AWS::Logs::LogGroup").LogicalId}.Arn}}", StackTemplate.Render(statement.GetProperty("Resource")));
    }

    [Fact]
    public void The_policy_the_task_role_carries_grants_no_wildcard_action()
    {
        var actions = stacks.Storage.Properties("AWS::IAM::ManagedPolicy").GetProperty("PolicyDocument")
            .GetProperty("Statement").EnumerateArray()
            .SelectMany(statement => StackTemplate.Strings(statement.GetProperty("Action"))).ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, action => Assert.DoesNotContain("*", action));
    }

    [Fact]
    public void Runs_at_least_two_tasks_and_scales_between_the_bounds()
    {
        var target = Service.Properties("AWS::ApplicationAutoScaling::ScalableTarget");

        Assert.Equal(2, EcsService.GetProperty("DesiredCount").GetInt32());
        Assert.Equal(LoadBalancedApi.MinTasks, target.GetProperty("MinCapacity").GetInt32());
        Assert.Equal(LoadBalancedApi.MaxTasks, target.GetProperty("MaxCapacity").GetInt32());
        Assert.True(LoadBalancedApi.MinTasks >= 2);
        Assert.True(LoadBalancedApi.MaxTasks > LoadBalancedApi.MinTasks);
        Assert.Equal("ecs:service:DesiredCount", target.GetProperty("ScalableDimension").GetString());
    }

    [Fact]
    public void Scales_on_CPU_and_on_requests_per_target()
    {
        var policies = Service.Resources("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Select(policy => policy.Resource.GetProperty("Properties").GetProperty("TargetTrackingScalingPolicyConfiguration"))
            .ToDictionary(
                config => config.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString()!,
                config => config.GetProperty("TargetValue").GetInt32());

        Assert.Equal(new Dictionary<string, int>
        {
            ["ECSServiceAverageCPUUtilization"] = LoadBalancedApi.CpuTargetPercent,
            ["ALBRequestCountPerTarget"] = LoadBalancedApi.RequestsPerTaskPerMinute,
        }, policies);
    }

    [Fact]
    public void Tasks_spread_over_two_zones_in_private_subnets()
    {
        var subnets = EcsService.GetProperty("NetworkConfiguration").GetProperty("AwsvpcConfiguration")
            .GetProperty("Subnets").EnumerateArray().Select(subnet => subnet.GetProperty("Ref").GetString()!).ToList();

        Assert.Equal(2, subnets.Count);
        var zones = subnets.Select(id => Service.Json.GetProperty("Resources").GetProperty(id).GetProperty("Properties")).ToList();
        Assert.All(zones, subnet => Assert.False(subnet.GetProperty("MapPublicIpOnLaunch").GetBoolean()));
        Assert.Equal(2, zones.Select(subnet => subnet.GetProperty("AvailabilityZone").GetRawText()).Distinct().Count());
    }

    [Fact]
    public void Tasks_get_no_public_address() =>
        Assert.Equal("DISABLED", EcsService.GetProperty("NetworkConfiguration").GetProperty("AwsvpcConfiguration")
            .GetProperty("AssignPublicIp").GetString());

    [Fact]
    public void Task_security_group_admits_the_load_balancer_only_on_the_container_port()
    {
        var taskGroup = StackTemplate.Render(Assert.Single(EcsService.GetProperty("NetworkConfiguration")
            .GetProperty("AwsvpcConfiguration").GetProperty("SecurityGroups").EnumerateArray()));
        var loadBalancerGroup = StackTemplate.Render(Assert.Single(Service.Properties("AWS::ElasticLoadBalancingV2::LoadBalancer")
            .GetProperty("SecurityGroups").EnumerateArray()));
        var taskGroupId = taskGroup[2..taskGroup.IndexOf('.', StringComparison.Ordinal)];

        Assert.False(Service.Json.GetProperty("Resources").GetProperty(taskGroupId).GetProperty("Properties")
            .TryGetProperty("SecurityGroupIngress", out _));
        var ingress = Assert.Single(
            Service.Resources("AWS::EC2::SecurityGroupIngress").Select(rule => rule.Resource.GetProperty("Properties")),
            rule => StackTemplate.Render(rule.GetProperty("GroupId")) == taskGroup);
        Assert.Equal(loadBalancerGroup, StackTemplate.Render(ingress.GetProperty("SourceSecurityGroupId")));
        Assert.Equal(ApiEnvironment.ContainerPort, ingress.GetProperty("FromPort").GetInt32());
        Assert.Equal(ApiEnvironment.ContainerPort, ingress.GetProperty("ToPort").GetInt32());
        Assert.False(ingress.TryGetProperty("CidrIp", out _));
    }

    [Fact]
    public void Logs_go_to_CloudWatch_are_kept_for_a_month_and_outlive_the_stack()
    {
        var (logGroupId, logGroup) = Service.Single("AWS::Logs::LogGroup");
        var logging = Container.GetProperty("LogConfiguration");

        Assert.Equal(30, logGroup.GetProperty("Properties").GetProperty("RetentionInDays").GetInt32());
        Assert.Equal("Retain", logGroup.GetProperty("DeletionPolicy").GetString());
        Assert.Equal("Retain", logGroup.GetProperty("UpdateReplacePolicy").GetString());
        Assert.Equal("awslogs", logging.GetProperty("LogDriver").GetString());
        Assert.Equal($"${{{logGroupId}}}", StackTemplate.Render(logging.GetProperty("Options").GetProperty("awslogs-group")));
    }

    [Fact]
    public void Container_runs_as_the_non_root_user_of_the_chiseled_image()
    {
        var user = Container.GetProperty("User").GetString();

        Assert.Equal("1654", user);
        Assert.NotEqual("0", user);
        Assert.DoesNotContain("root", user, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Failed_deployments_roll_back_and_keep_full_capacity_meanwhile()
    {
        var deployment = EcsService.GetProperty("DeploymentConfiguration");

        Assert.True(deployment.GetProperty("DeploymentCircuitBreaker").GetProperty("Enable").GetBoolean());
        Assert.True(deployment.GetProperty("DeploymentCircuitBreaker").GetProperty("Rollback").GetBoolean());
        Assert.Equal(100, deployment.GetProperty("MinimumHealthyPercent").GetInt32());
    }

    [Fact]
    public void Waf_limits_the_request_rate_per_client_address_on_the_load_balancer()
    {
        var (aclId, acl) = Service.Single("AWS::WAFv2::WebACL");
        var association = Service.Properties("AWS::WAFv2::WebACLAssociation");
        var rules = acl.GetProperty("Properties").GetProperty("Rules").EnumerateArray()
            .Where(rule => rule.GetProperty("Statement").TryGetProperty("RateBasedStatement", out _)).ToList();

        Assert.Equal("REGIONAL", acl.GetProperty("Properties").GetProperty("Scope").GetString());
        Assert.Equal($"${{{aclId}.Arn}}", StackTemplate.Render(association.GetProperty("WebACLArn")));
        Assert.Equal($"${{{Service.Single("AWS::ElasticLoadBalancingV2::LoadBalancer").LogicalId}}}",
            StackTemplate.Render(association.GetProperty("ResourceArn")));
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            var rate = rule.GetProperty("Statement").GetProperty("RateBasedStatement");
            Assert.Equal("IP", rate.GetProperty("AggregateKeyType").GetString());
            Assert.Equal(429, rule.GetProperty("Action").GetProperty("Block").GetProperty("CustomResponse")
                .GetProperty("ResponseCode").GetInt32());
        });
        Assert.Contains(rules, rule => rule.GetProperty("Statement").GetProperty("RateBasedStatement")
            .GetProperty("Limit").GetInt32() == WebFirewall.RequestsPerAddress
            && !rule.GetProperty("Statement").GetProperty("RateBasedStatement").TryGetProperty("ScopeDownStatement", out _));
    }

    [Fact]
    public void Waf_has_a_tighter_limit_for_upload_requests()
    {
        var upload = Assert.Single(Service.Properties("AWS::WAFv2::WebACL").GetProperty("Rules").EnumerateArray(),
            rule => rule.GetProperty("Statement").TryGetProperty("RateBasedStatement", out var rate)
                && rate.TryGetProperty("ScopeDownStatement", out _));
        var rate = upload.GetProperty("Statement").GetProperty("RateBasedStatement");
        var matches = rate.GetProperty("ScopeDownStatement").GetProperty("AndStatement").GetProperty("Statements")
            .EnumerateArray().Select(statement => statement.GetProperty("ByteMatchStatement").GetProperty("SearchString").GetString())
            .Order();

        Assert.Equal(WebFirewall.UploadsPerAddress, rate.GetProperty("Limit").GetInt32());
        var body = Service.Properties("AWS::WAFv2::WebACL").GetProperty("CustomResponseBodies").EnumerateObject().Single().Value;
        using var problem = JsonDocument.Parse(body.GetProperty("Content").GetString()!);
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(WebFirewall.UploadsPerAddress < WebFirewall.RequestsPerAddress);
        Assert.Equal(["/images/upload", "POST"], matches);
        var path = Assert.Single(rate.GetProperty("ScopeDownStatement").GetProperty("AndStatement").GetProperty("Statements")
            .EnumerateArray().Select(statement => statement.GetProperty("ByteMatchStatement")),
            match => match.GetProperty("FieldToMatch").TryGetProperty("UriPath", out _));
        Assert.Equal(["URL_DECODE", "LOWERCASE"], path.GetProperty("TextTransformations").EnumerateArray()
            .OrderBy(transformation => transformation.GetProperty("Priority").GetInt32())
            .Select(transformation => transformation.GetProperty("Type").GetString()));
    }

    [Fact]
    public void Service_url_is_the_public_origin()
    {
        var outputs = Service.Json.GetProperty("Outputs");

        Assert.Equal(SynthesizedService.PublicOrigin,
            outputs.GetProperty(CloudImageService.Storage.Schema.DeploymentNames.ServiceOutputs.ServiceUrl).GetProperty("Value").GetString());
        Assert.True(outputs.TryGetProperty(CloudImageService.Storage.Schema.DeploymentNames.ServiceOutputs.LoadBalancerDnsName, out _));
    }

    [Fact]
    public void The_public_origin_is_the_bucket_CORS_origin_given_as_context_not_a_reference()
    {
        var rule = Assert.Single(stacks.Storage.Properties("AWS::S3::Bucket").GetProperty("CorsConfiguration")
            .GetProperty("CorsRules").EnumerateArray());

        Assert.Equal([SynthesizedService.PublicOrigin], StackTemplate.Strings(rule.GetProperty("AllowedOrigins")));
        Assert.DoesNotContain("Fn::ImportValue", stacks.Storage.Json.GetRawText());
    }

    private (string LogicalId, JsonElement Resource) TaskRole
    {
        get
        {
            var roleArn = StackTemplate.Render(Service.Properties("AWS::ECS::TaskDefinition").GetProperty("TaskRoleArn"));
            return Assert.Single(Service.Resources("AWS::IAM::Role"), role => roleArn == $"${{{role.LogicalId}.Arn}}");
        }
    }
}
