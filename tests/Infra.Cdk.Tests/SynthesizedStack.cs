using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace CloudImageService.Infra.Tests;

/// <summary>The storage stack synthesized once, as <c>cdk synth</c> would with the given context (default: none).</summary>
public class SynthesizedStack : StackTemplate
{
    static SynthesizedStack() =>
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");

    public SynthesizedStack() : this(new Dictionary<string, object>()) { }

    protected SynthesizedStack(IDictionary<string, object> context) : this(new App(new AppProps { Context = context })) { }

    private SynthesizedStack(App app)
        : this(new ImageStorageStack(app, CloudImageService.Storage.Schema.DeploymentNames.StorageStack, StackContext.From(app.Node))) { }

    private SynthesizedStack(ImageStorageStack stack) : base(stack) => Stack = stack;

    public ImageStorageStack Stack { get; }
}

/// <summary>One synthesized stack's template, with helpers to find resources and render CloudFormation values.</summary>
public class StackTemplate
{
    public StackTemplate(Stack stack)
    {
        Template = Template.FromStack(stack);
        Json = JsonSerializer.SerializeToElement(Template.ToJSON());
    }

    public Template Template { get; }
    public JsonElement Json { get; }

    public IEnumerable<(string LogicalId, JsonElement Resource)> Resources(string type) =>
        Json.GetProperty("Resources").EnumerateObject()
            .Where(resource => resource.Value.GetProperty("Type").GetString() == type)
            .Select(resource => (resource.Name, resource.Value));

    public (string LogicalId, JsonElement Resource) Single(string type) => Assert.Single(Resources(type));

    public JsonElement Properties(string type) => Single(type).Resource.GetProperty("Properties");

    /// <summary>
    /// Renders a CloudFormation value as text so ARNs can be compared: <c>{"Fn::GetAtt": ["Bucket", "Arn"]}</c> becomes
    /// <c>${Bucket.Arn}</c>, <c>{"Ref": "X"}</c> becomes <c>${X}</c>, <c>{"Fn::ImportValue": "S:E"}</c> becomes
    /// <c>${Import:S:E}</c>, and <c>Fn::Join</c> joins its rendered parts.
    /// </summary>
    public static string Render(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        var function = Assert.Single(value.EnumerateObject());
        return function.Name switch
        {
            "Ref" => $"${{{function.Value.GetString()}}}",
            "Fn::GetAtt" => $"${{{string.Join('.', function.Value.EnumerateArray().Select(part => part.GetString()))}}}",
            "Fn::ImportValue" => $"${{Import:{function.Value.GetString()}}}",
            "Fn::Join" => string.Join(
                function.Value[0].GetString(), function.Value[1].EnumerateArray().Select(Render)),
            _ => throw new NotSupportedException($"Unexpected intrinsic function {function.Name}"),
        };
    }

    public static IEnumerable<JsonElement> OneOrMany(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    public static string[] Strings(JsonElement value) => [.. OneOrMany(value).Select(item => item.GetString()!)];
}
