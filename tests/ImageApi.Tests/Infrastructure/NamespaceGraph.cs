using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// Which namespaces of an assembly name which, read from its IL: signatures, attributes, and every type, method and
/// field a method body refers to. A nested or compiler-generated type counts as its outermost declaring type.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>The namespaces of the assembly that start with <paramref name="prefix"/>, and every namespace each names.</summary>
    public static NamespaceGraph Read(string assemblyPath, string prefix)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!from.StartsWith(prefix, StringComparison.Ordinal)) continue;
            graph._edges.TryAdd(from, new Dictionary<string, string>(StringComparer.Ordinal));
            foreach (var used in References(type))
            {
                var to = NamespaceOf(used);
                if (to == from || to.Length == 0) continue;
                graph._edges[from].TryAdd(to, $"{Outermost(type).FullName} uses {Outermost(used).FullName}");
            }
        }
        return graph;
    }

    public IEnumerable<string> Namespaces => _edges.Keys;

    /// <summary>The namespaces <paramref name="from"/> names, each with one example of a reference.</summary>
    public IReadOnlyDictionary<string, string> Uses(string from) =>
        _edges.TryGetValue(from, out var targets) ? targets : new Dictionary<string, string>();

    /// <summary>Every cycle among the assembly's namespaces (one strongly connected component each), with the references that close it.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new List<string>();
        foreach (var component in StronglyConnectedComponents().Where(component => component.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var path = PathWithin(members, component[0]);
            cycles.Add(string.Join(" → ", path) + $" (all of {string.Join(", ", component.Order(StringComparer.Ordinal))} depend on each other)"
                + Environment.NewLine + string.Join(Environment.NewLine,
                path.Zip(path.Skip(1)).Select(step => $"  {_edges[step.First][step.Second]}")));
        }
        return cycles;
    }

    // A closed walk from start back to start inside one component (breadth first, so it is a shortest one).
    private List<string> PathWithin(HashSet<string> members, string start)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in Uses(current).Keys.Where(members.Contains).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var step = current; step != start; step = previous[step]) path.Insert(1, step);
                    path.Add(start);
                    return path;
                }
                if (previous.TryAdd(next, current)) queue.Enqueue(next);
            }
        }
        return [start];
    }

    private List<List<string>> StronglyConnectedComponents()
    {
        // Tarjan's algorithm.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Uses(node).Keys)
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            components.Add(component);
        }

        foreach (var node in _edges.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node)) Visit(node);
        }
        return components;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static string NamespaceOf(TypeReference type) => Outermost(type.GetElementType()).Namespace;

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var item in type.Interfaces) yield return item.InterfaceType;
        foreach (var attribute in Attributes(type)) yield return attribute;
        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
            foreach (var attribute in Attributes(field)) yield return attribute;
        }
        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
            foreach (var attribute in Attributes(property)) yield return attribute;
        }
        foreach (var method in type.Methods)
        {
            foreach (var used in Signature(method)) yield return used;
            foreach (var attribute in Attributes(method)) yield return attribute;
            foreach (var parameter in method.Parameters)
            {
                foreach (var attribute in Attributes(parameter)) yield return attribute;
            }
            if (!method.HasBody) continue;
            foreach (var variable in method.Body.Variables) yield return variable.VariableType;
            foreach (var instruction in method.Body.Instructions)
            {
                foreach (var used in Operand(instruction)) yield return used;
            }
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference used => Expand(used),
        MethodReference method => Signature(method),
        FieldReference field => Expand(field.DeclaringType).Concat(Expand(field.FieldType)),
        _ => [],
    };

    private static IEnumerable<TypeReference> Signature(MethodReference method)
    {
        var types = Expand(method.DeclaringType).Concat(Expand(method.ReturnType))
            .Concat(method.Parameters.SelectMany(parameter => Expand(parameter.ParameterType)));
        return method is GenericInstanceMethod generic ? types.Concat(generic.GenericArguments.SelectMany(Expand)) : types;
    }

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes ? provider.CustomAttributes.SelectMany(attribute => Expand(attribute.AttributeType)) : [];

    private static IEnumerable<TypeReference> Expand(TypeReference type) => type switch
    {
        GenericInstanceType generic => Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)),
        TypeSpecification specification => Expand(specification.ElementType),
        GenericParameter => [],
        _ => [type],
    };
}
