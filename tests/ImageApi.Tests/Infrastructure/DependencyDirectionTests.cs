using System.Reflection;
using System.Text.RegularExpressions;
using CloudImageService.Images;

namespace ImageApi.Tests.Infrastructure;

/// <summary>The domain (Images/) knows no storage, ingest or SDK type: Storage and Ingest depend on it, never the reverse.</summary>
public sealed partial class DependencyDirectionTests
{
    private static readonly string[] Outward = ["CloudImageService.Storage", "CloudImageService.Ingest", "Amazon", "NetVips"];

    [Fact]
    public void No_signature_in_the_domain_names_an_outer_type()
    {
        var offenders =
            from type in typeof(ImageRecord).Assembly.GetTypes()
            where type.Namespace == typeof(ImageRecord).Namespace
            from member in type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            from used in TypesIn(member)
            where Outward.Any(prefix => used.Namespace?.StartsWith(prefix, StringComparison.Ordinal) == true)
            select $"{type.Name}.{member.Name} uses {used.FullName}";
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

    [GeneratedRegex(@"\b(CloudImageService\.)?(Storage|Ingest)\.[A-Z]|\busing (CloudImageService\.(Storage|Ingest)|Amazon|NetVips)\b")]
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
