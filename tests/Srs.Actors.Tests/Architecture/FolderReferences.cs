using System.Reflection;
using System.Reflection.Emit;

namespace Srs.Actors.Tests.Architecture;

/// <summary>
/// Which top folder of <c>Srs.Actors</c> uses which, read from the compiled assembly: every type's base, interfaces,
/// fields, properties and signatures, and every type, method and field its method bodies' IL names (lambdas and async
/// state machines are nested types, so they count for the type that wrote them). A type's folder is the first part of
/// its namespace after <c>Srs.Actors</c>; <see cref="LayeringTests"/> checks that namespaces follow folders.
/// </summary>
internal static class FolderReferences
{
    public const string Root = "(root)";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Each edge "from folder → to folder", with one example of a type of the first using a type of the second.</summary>
    public static Dictionary<(string From, string To), string> Of(Assembly assembly)
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in assembly.GetTypes())
        {
            var from = FolderOf(type, assembly);
            if (from is null) continue;
            foreach (var used in UsedBy(type))
            {
                var to = FolderOf(used, assembly);
                if (to is null || to == from) continue;
                edges.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
            }
        }
        return edges;
    }

    public static string? FolderOf(Type type, Assembly assembly)
    {
        if (type.Assembly != assembly || type.Namespace is not { } ns) return null;
        if (ns == "Srs.Actors") return Root;
        if (!ns.StartsWith("Srs.Actors.", StringComparison.Ordinal)) return null;
        var rest = ns["Srs.Actors.".Length..];
        int dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<Type> UsedBy(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        if (type.BaseType is { } b) found.Add(b);
        found.AddRange(type.GetInterfaces());
        foreach (var f in type.GetFields(all)) found.Add(f.FieldType);
        foreach (var p in type.GetProperties(all)) found.Add(p.PropertyType);
        var bodies = new List<MethodBase>();
        foreach (var m in type.GetMethods(all))
        {
            found.Add(m.ReturnType);
            found.AddRange(m.GetParameters().Select(p => p.ParameterType));
            bodies.Add(m);
        }
        foreach (var c in type.GetConstructors(all))
        {
            found.AddRange(c.GetParameters().Select(p => p.ParameterType));
            bodies.Add(c);
        }
        foreach (var method in bodies) found.AddRange(UsedInBody(type, method));
        return found.SelectMany(Expand).Distinct();
    }

    /// <summary>A type and what it is built of: generic arguments, array and by-ref elements.</summary>
    private static IEnumerable<Type> Expand(Type t)
    {
        if (t.HasElementType) return Expand(t.GetElementType()!);
        if (t.IsGenericParameter) return [];
        if (!t.IsGenericType) return [t];
        return new[] { t.GetGenericTypeDefinition() }.Concat(t.GetGenericArguments().SelectMany(Expand));
    }

    private static IEnumerable<Type> UsedInBody(Type type, MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = type.IsGenericTypeDefinition ? type.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethodDefinition ? method.GetGenericArguments() : null;
        var locals = method.GetMethodBody()!.LocalVariables;
        foreach (var local in locals) yield return local.LocalType;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                    int token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    switch (member)
                    {
                        case Type t:
                            yield return t;
                            break;
                        case MethodBase m:
                            if (m.DeclaringType is { } d) yield return d;
                            if (m is MethodInfo mi)
                            {
                                yield return mi.ReturnType;
                                if (mi.IsGenericMethod) foreach (var a in mi.GetGenericArguments()) yield return a;
                            }
                            break;
                        case FieldInfo f:
                            if (f.DeclaringType is { } fd) yield return fd;
                            yield return f.FieldType;
                            break;
                    }
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                default:
                    i += OperandSize(op.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
