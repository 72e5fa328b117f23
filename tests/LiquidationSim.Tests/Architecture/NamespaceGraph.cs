using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LiquidationSim.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of an assembly, read from its metadata: namespace A depends on namespace B when a
/// type of A names a type of B in its base type, interfaces, generic constraints, custom attributes (including
/// <c>typeof</c> arguments), fields, properties, events, method signatures, locals or method bodies (every type,
/// field and method token in the IL). Nested and compiler-generated types count for the namespace of the type that
/// declares them. Shared by the core and DeFi test projects.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _edges = new(StringComparer.Ordinal);

    /// <summary>A graph from hand-made edges, each with the evidence that explains it; for testing the cycle finder.</summary>
    public NamespaceGraph(IEnumerable<(string From, string To)> edges)
    {
        foreach ((string from, string to) in edges)
        {
            Add(from, to, $"{from} -> {to}");
        }
    }

    private NamespaceGraph()
    {
    }

    /// <summary>Every namespace with at least one outgoing or incoming edge.</summary>
    public IEnumerable<string> Namespaces =>
        _edges.Keys.Concat(_edges.Values.SelectMany(e => e.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>The namespaces <paramref name="from"/> depends on, in any assembly.</summary>
    public IReadOnlyCollection<string> DependenciesOf(string from) =>
        _edges.TryGetValue(from, out SortedDictionary<string, string>? to) ? to.Keys : [];

    /// <summary>One type-level reference that makes <paramref name="from"/> depend on <paramref name="to"/>, e.g. "A.X -> B.Y".</summary>
    public string Evidence(string from, string to) => _edges[from][to];

    /// <summary>The graph of the namespaces <paramref name="assembly"/> defines that start with <paramref name="prefix"/>.</summary>
    /// <remarks>Edges to namespaces of other assemblies are kept, so a test can ask what the assembly uses from another.</remarks>
    public static NamespaceGraph Of(Assembly assembly, string prefix) => Of(assembly.Location, prefix);

    /// <summary>The graph of the namespaces the assembly file at <paramref name="path"/> defines that start with <paramref name="prefix"/>.</summary>
    public static NamespaceGraph Of(string path, string prefix)
    {
        var graph = new NamespaceGraph();
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var scanner = new Scanner(md, pe);
        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            string from = scanner.NamespaceOf(handle);
            if (!InScope(from, prefix))
            {
                continue;
            }

            string fromType = scanner.NameOf(handle);
            foreach ((string ns, string type) in scanner.References(handle))
            {
                if (ns.Length > 0 && ns != from && !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Microsoft", StringComparison.Ordinal))
                {
                    graph.Add(from, ns, $"{fromType} -> {type}");
                }
            }
        }

        return graph;
    }

    /// <summary>
    /// Every cycle, as its strongly connected component: each message names the component's namespaces, every pair
    /// that imports each other directly ("A &lt;-> B") and one type-level reference for each direction of a cycle.
    /// </summary>
    public IReadOnlyList<string> Cycles(Func<string, bool>? include = null)
    {
        include ??= _ => true;
        string[] nodes = [.. Namespaces.Where(include)];
        var problems = new List<string>();
        foreach (string[] component in StronglyConnected(nodes, include))
        {
            var pairs = new List<string>();
            var evidence = new List<string>();
            foreach (string a in component)
            {
                foreach (string b in DependenciesOf(a).Where(component.Contains))
                {
                    evidence.Add($"    {a} -> {b}: {Evidence(a, b)}");
                    if (string.CompareOrdinal(a, b) < 0 && DependenciesOf(b).Contains(a))
                    {
                        pairs.Add($"{a} <-> {b}");
                    }
                }
            }

            string pairText = pairs.Count > 0 ? string.Join(", ", pairs) : "no direct pair; the edges below close the cycle";
            problems.Add($"Namespace cycle among {string.Join(", ", component)} ({pairText}):{Environment.NewLine}{string.Join(Environment.NewLine, evidence)}");
        }

        return problems;
    }

    private static bool InScope(string ns, string prefix) =>
        ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);

    private void Add(string from, string to, string evidence)
    {
        if (!_edges.TryGetValue(from, out SortedDictionary<string, string>? targets))
        {
            targets = new SortedDictionary<string, string>(StringComparer.Ordinal);
            _edges.Add(from, targets);
        }

        targets.TryAdd(to, evidence);
    }

    // Tarjan's algorithm; components of one node (no self-loops are recorded) are not cycles.
    private List<string[]> StronglyConnected(string[] nodes, Func<string, bool> include)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string[]>();
        int next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in DependenciesOf(v).Where(include))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    result.Add([.. component.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (string v in nodes)
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return [.. result.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    /// <summary>Reads the type references of one type definition.</summary>
    private sealed class Scanner(MetadataReader md, PEReader pe)
    {
        private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value, o => o.OperandType);

        private readonly Provider _provider = new();

        public string NamespaceOf(TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } outer)
            {
                type = md.GetTypeDefinition(outer);
            }

            return md.GetString(type.Namespace);
        }

        public string NameOf(TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            string name = md.GetString(type.Name);
            TypeDefinitionHandle outer = type.GetDeclaringType();
            return outer.IsNil ? Qualify(md.GetString(type.Namespace), name) : NameOf(outer) + "+" + name;
        }

        public IEnumerable<(string Namespace, string Type)> References(TypeDefinitionHandle handle)
        {
            var found = new List<(string, string)>();
            TypeDefinition type = md.GetTypeDefinition(handle);
            found.AddRange(Entity(type.BaseType));
            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                found.AddRange(Entity(md.GetInterfaceImplementation(i).Interface));
                found.AddRange(Attributes(md.GetInterfaceImplementation(i).GetCustomAttributes()));
            }

            found.AddRange(Attributes(type.GetCustomAttributes()));
            found.AddRange(Constraints(type.GetGenericParameters()));
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(f);
                found.AddRange(field.DecodeSignature(_provider, null));
                found.AddRange(Attributes(field.GetCustomAttributes()));
            }

            foreach (PropertyDefinitionHandle p in type.GetProperties())
            {
                PropertyDefinition property = md.GetPropertyDefinition(p);
                MethodSignature<Names> signature = property.DecodeSignature(_provider, null);
                found.AddRange(signature.ReturnType);
                found.AddRange(signature.ParameterTypes.SelectMany(t => t));
                found.AddRange(Attributes(property.GetCustomAttributes()));
            }

            foreach (EventDefinitionHandle e in type.GetEvents())
            {
                EventDefinition ev = md.GetEventDefinition(e);
                found.AddRange(Entity(ev.Type));
                found.AddRange(Attributes(ev.GetCustomAttributes()));
            }

            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(m);
                MethodSignature<Names> signature = method.DecodeSignature(_provider, null);
                found.AddRange(signature.ReturnType);
                found.AddRange(signature.ParameterTypes.SelectMany(t => t));
                found.AddRange(Attributes(method.GetCustomAttributes()));
                found.AddRange(Constraints(method.GetGenericParameters()));
                foreach (ParameterHandle p in method.GetParameters())
                {
                    found.AddRange(Attributes(md.GetParameter(p).GetCustomAttributes()));
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    found.AddRange(Body(pe.GetMethodBody(method.RelativeVirtualAddress)));
                }
            }

            return found;
        }

        private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

        private Names Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return Names.Empty;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    return _provider.GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0);
                case HandleKind.TypeReference:
                    return _provider.GetTypeFromReference(md, (TypeReferenceHandle)handle, 0);
                case HandleKind.TypeSpecification:
                    return md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_provider, null);
                case HandleKind.MethodDefinition:
                {
                    MethodDefinition method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    return Entity(method.GetDeclaringType());
                }

                case HandleKind.FieldDefinition:
                    return Entity(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                case HandleKind.MemberReference:
                {
                    MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Names parent = Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Field)
                    {
                        return parent.Concat(member.DecodeFieldSignature(_provider, null));
                    }

                    MethodSignature<Names> signature = member.DecodeMethodSignature(_provider, null);
                    return parent.Concat(signature.ReturnType).Concat(Names.Concat(signature.ParameterTypes));
                }

                case HandleKind.MethodSpecification:
                {
                    MethodSpecification spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    return Entity(spec.Method).Concat(Names.Concat(spec.DecodeSignature(_provider, null)));
                }

                default:
                    return Names.Empty;
            }
        }

        private IEnumerable<(string, string)> Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (CustomAttributeHandle h in attributes)
            {
                CustomAttribute attribute = md.GetCustomAttribute(h);
                foreach ((string, string) name in Entity(attribute.Constructor))
                {
                    yield return name;
                }

                CustomAttributeValue<Names> value = attribute.DecodeValue(_provider);
                IEnumerable<object?> values = value.FixedArguments.Select(a => a.Value)
                    .Concat(value.NamedArguments.Select(a => a.Value));
                foreach (object? v in values)
                {
                    // typeof(X) arguments decode through GetTypeFromSerializedName.
                    if (v is Names names)
                    {
                        foreach ((string, string) name in names)
                        {
                            yield return name;
                        }
                    }
                }
            }
        }

        private IEnumerable<(string, string)> Constraints(GenericParameterHandleCollection parameters)
        {
            foreach (GenericParameterHandle p in parameters)
            {
                foreach (GenericParameterConstraintHandle c in md.GetGenericParameter(p).GetConstraints())
                {
                    foreach ((string, string) name in Entity(md.GetGenericParameterConstraint(c).Type))
                    {
                        yield return name;
                    }
                }
            }
        }

        private IEnumerable<(string, string)> Body(MethodBodyBlock body)
        {
            var found = new List<(string, string)>();
            if (!body.LocalSignature.IsNil)
            {
                StandaloneSignature locals = md.GetStandaloneSignature(body.LocalSignature);
                found.AddRange(Names.Concat(locals.DecodeLocalSignature(_provider, null)));
            }

            BlobReader il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (OperandTypes[code])
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        found.AddRange(Entity(MetadataTokens.EntityHandle(il.ReadInt32())));
                        break;
                    case OperandType.InlineSig:
                    {
                        StandaloneSignature sig = md.GetStandaloneSignature((StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32()));
                        MethodSignature<Names> call = sig.DecodeMethodSignature(_provider, null);
                        found.AddRange(call.ReturnType.Concat(Names.Concat(call.ParameterTypes)));
                        break;
                    }

                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineBrTarget:
                    case OperandType.InlineI:
                    case OperandType.InlineString:
                    case OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                    {
                        // Read the count before taking Offset: "Offset += 4 * ReadInt32()" would read Offset first.
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    }
                    default:
                        throw new InvalidOperationException($"Unknown operand type of opcode 0x{code:X}.");
                }
            }

            return found;
        }
    }

    /// <summary>The (namespace, type) pairs a signature names.</summary>
    private sealed class Names(ImmutableArray<(string Namespace, string Type)> items) : IEnumerable<(string, string)>
    {
        public static readonly Names Empty = new([]);

        public static Names Concat(IEnumerable<Names> all) => new([.. all.SelectMany(n => n.Items)]);

        public static Names One(string ns, string type) => new([(ns, type)]);

        public ImmutableArray<(string Namespace, string Type)> Items { get; } = items;

        public Names Concat(Names other) => new(Items.AddRange(other.Items));

        public IEnumerator<(string, string)> GetEnumerator() => ((IEnumerable<(string, string)>)Items).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class Provider : ISignatureTypeProvider<Names, object?>, ICustomAttributeTypeProvider<Names>
    {
        public Names GetPrimitiveType(PrimitiveTypeCode typeCode) => Names.Empty;

        public Names GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            string name = reader.GetString(type.Name);
            while (type.GetDeclaringType() is { IsNil: false } outer)
            {
                type = reader.GetTypeDefinition(outer);
                name = reader.GetString(type.Name) + "+" + name;
            }

            string ns = reader.GetString(type.Namespace);
            return Names.One(ns, ns.Length == 0 ? name : ns + "." + name);
        }

        public Names GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference type = reader.GetTypeReference(handle);
            string name = reader.GetString(type.Name);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
                name = reader.GetString(type.Name) + "+" + name;
            }

            string ns = reader.GetString(type.Namespace);
            return Names.One(ns, ns.Length == 0 ? name : ns + "." + name);
        }

        public Names GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public Names GetSZArrayType(Names elementType) => elementType;

        public Names GetArrayType(Names elementType, ArrayShape shape) => elementType;

        public Names GetByReferenceType(Names elementType) => elementType;

        public Names GetPointerType(Names elementType) => elementType;

        public Names GetPinnedType(Names elementType) => elementType;

        public Names GetGenericInstantiation(Names genericType, ImmutableArray<Names> typeArguments) =>
            genericType.Concat(Names.Concat(typeArguments));

        public Names GetGenericMethodParameter(object? genericContext, int index) => Names.Empty;

        public Names GetGenericTypeParameter(object? genericContext, int index) => Names.Empty;

        public Names GetFunctionPointerType(MethodSignature<Names> signature) =>
            signature.ReturnType.Concat(Names.Concat(signature.ParameterTypes));

        public Names GetModifiedType(Names modifier, Names unmodifiedType, bool isRequired) => modifier.Concat(unmodifiedType);

        // Custom attribute values.
        public Names GetSystemType() => Names.Empty;

        public bool IsSystemType(Names type) => type.Items.Length == 1 && type.Items[0].Type == "System.Type";

        public Names GetTypeFromSerializedName(string name)
        {
            // "Ns.Outer+Inner`1[[...]], Assembly, ..." -> the namespace of the outermost type.
            int end = name.IndexOfAny([',', '[', '+', '`']);
            string full = end < 0 ? name : name[..end];
            int dot = full.LastIndexOf('.');
            return Names.One(dot < 0 ? "" : full[..dot], name.Split(',')[0]);
        }

        // Enums in attribute arguments: every enum the library passes to an attribute is int-based.
        public PrimitiveTypeCode GetUnderlyingEnumType(Names type) => PrimitiveTypeCode.Int32;
    }
}
