using System.Reflection;
using System.Text.RegularExpressions;
using CloudImageService.Images;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// The domain (Images/) knows no storage, ingest, HTTP, security or SDK type: the outer namespaces depend on it, never
/// the reverse. And no namespace of the API depends, through others, on itself.
/// </summary>
public sealed partial class DependencyDirectionTests
{
    private const string Root = "CloudImageService";

    private static readonly string[] Outward =
    [
        "CloudImageService.Storage", "CloudImageService.Ingest", "CloudImageService.Http", "CloudImageService.Security",
        "CloudImageService.Gallery", "Amazon", "NetVips", "Microsoft.AspNetCore",
    ];

    private static readonly Lazy<NamespaceGraph> Graph = new(() => NamespaceGraph.Read(typeof(ImageRecord).Assembly.Location, Root));

    [Fact]
    public void No_signature_in_the_domain_names_an_outer_type()
    {
        var offenders =
            from type in typeof(ImageRecord).Assembly.GetTypes()
            where type.Namespace == typeof(ImageRecord).Namespace
            from member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            from used in TypesIn(member)
            where IsOutward(used.Namespace)
            select $"{type.Name}.{member.Name} uses {used.FullName}";
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_code_in_the_domain_refers_to_an_outer_type_even_inside_a_method_body()
    {
        var offenders = Graph.Value.Uses(typeof(ImageRecord).Namespace!)
            .Where(used => IsOutward(used.Key))
            .Select(used => used.Value);
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_source_file_in_the_domain_imports_or_names_an_outer_namespace()
    {
        var folder = RepositoryFiles.PathOf("ImageApi", "Images");
        var offenders =
            from file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            from line in File.ReadLines(file).Select((text, index) => (text, number: index + 1))
            where OuterReference().IsMatch(line.text)
            select $"{Path.GetFileName(file)}:{line.number}: {line.text.Trim()}";
        Assert.Empty(offenders);
    }

    [Fact]
    public void Ingest_reaches_storage_only_through_the_domains_ports()
    {
        var offenders = Graph.Value.Uses("CloudImageService.Ingest")
            .Where(used => used.Key.StartsWith("CloudImageService.Storage", StringComparison.Ordinal))
            .Select(used => used.Value);
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_namespaces_of_the_API_form_no_cycle()
    {
        Assert.Contains("CloudImageService.Images", Graph.Value.Namespaces);
        var cycles = Graph.Value.Cycles();
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other:" + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void Every_namespace_of_the_API_is_the_folder_of_its_files()
    {
        var folder = RepositoryFiles.PathOf("ImageApi");
        var offenders =
            from file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            let relative = Path.GetRelativePath(folder, file)
            where !relative.StartsWith("bin", StringComparison.Ordinal) && !relative.StartsWith("obj", StringComparison.Ordinal)
            let directory = Path.GetDirectoryName(relative)!
            where directory.Length > 0
            let expected = $"namespace {Root}.{directory.Replace(Path.DirectorySeparatorChar, '.')};"
            where !File.ReadLines(file).Contains(expected)
            select $"{relative} is not in {expected}";
        Assert.Empty(offenders);
    }

    private static bool IsOutward(string? name) =>
        name is not null && Outward.Any(prefix => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal));

    [GeneratedRegex(@"(?<![\w.])(CloudImageService\.)?(Storage|Ingest|Http|Security|Gallery)\.[A-Z]|\busing (CloudImageService\.(Storage|Ingest|Http|Security|Gallery)|Amazon|NetVips|Microsoft\.AspNetCore)\b")]
    private static partial Regex OuterReference();

    private static IEnumerable<Type> TypesIn(MemberInfo member) => member switch
    {
        FieldInfo field => Expand(field.FieldType),
        PropertyInfo property => Expand(property.PropertyType),
        MethodBase method => method.GetParameters().SelectMany(parameter => Expand(parameter.ParameterType))
            .Concat(method is MethodInfo info ? Expand(info.ReturnType) : []),
        _ => [],
    };

    private static IEnumerable<Type> Expand(Type type) =>
        type.HasElementType ? Expand(type.GetElementType()!)
        : type.IsGenericType ? new[] { type }.Concat(type.GetGenericArguments().SelectMany(Expand))
        : [type];
}
