using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Bulk;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>
/// Finds the runtime method the catalogue names for a builtin (<see cref="BuiltinImplementation"/>): a public static
/// method of <see cref="BuiltinCatalogue.RuntimeType"/> in this assembly. The interpreter and the compiled bulk engine call
/// a builtin only through <see cref="Resolve"/>, so both run the one implementation.
/// </summary>
internal static class BuiltinMethods
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<object?[], object?>> Invokers = new();

    /// <summary>The class that holds every implementation.</summary>
    public static Type RuntimeType { get; } = typeof(BuiltinMethods).Assembly.GetType(BuiltinCatalogue.RuntimeType)
        ?? throw new InvalidOperationException($"{BuiltinCatalogue.RuntimeType} is not in {typeof(BuiltinMethods).Assembly.GetName().Name}");

    /// <summary>Every public static method with the implementation's name (overloads per number type for the older builtins).</summary>
    public static IReadOnlyList<MethodInfo> Candidates(BuiltinImplementation implementation) =>
        RuntimeType.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == implementation.MethodName).ToList();

    /// <summary>The one method with exactly the catalogue's parameter and return types, or null when the catalogue gives none
    /// (the builtin is overloaded per type) or no method has them.</summary>
    public static MethodInfo? Exact(BuiltinImplementation implementation)
    {
        if (implementation.ParameterTypes is not { } parameters) return null;
        return Candidates(implementation).SingleOrDefault(m =>
            m.ReturnType.FullName == implementation.ReturnType
            && m.GetParameters().Select(p => p.ParameterType.FullName).SequenceEqual(parameters));
    }

    /// <summary>The CLR type a builtin takes for a value of <paramref name="type"/>: the bulk column type, except that a list is
    /// a typed <c>IReadOnlyList&lt;T&gt;</c> of its items' type.</summary>
    public static Type ParameterType(RuleType type) => type.Kind == TypeKind.List && type.Element is { } item
        // the items of `[]` (list<never>) are never read: any item type would do, and int makes sum([]) = 0 and min([]) an int
        ? typeof(IReadOnlyList<>).MakeGenericType(item.Kind == TypeKind.Never ? typeof(int) : ParameterType(item))
        : BulkTypes.ClrType(type);

    /// <summary>
    /// The implementation of a call of <paramref name="function"/> with arguments of <paramref name="argumentTypes"/>: the exact
    /// method when the catalogue gives one, else the overload (a generic one instantiated) whose parameters are the arguments'
    /// types followed by the <see cref="BuiltinImplementation.Implicit"/> ones.
    /// </summary>
    public static MethodInfo Resolve(BuiltinFunction function, IReadOnlyList<RuleType> argumentTypes)
    {
        var implementation = BuiltinCatalogue.Implementation(function);
        if (Exact(implementation) is { } exact) return exact;
        var wanted = argumentTypes.Select(ParameterType).ToList();
        if (implementation.Implicit.HasFlag(ImplicitArguments.EvaluationDate)) wanted.Add(typeof(DateOnly));
        if (implementation.Implicit.HasFlag(ImplicitArguments.Location)) wanted.Add(typeof(string));
        if (implementation.Implicit.HasFlag(ImplicitArguments.Registry)) wanted.Add(typeof(IReadOnlyList<DocumentInfo>));
        foreach (var candidate in Candidates(implementation))
        {
            var parameters = candidate.GetParameters();
            if (parameters.Length != wanted.Count) continue;
            var method = candidate;
            if (candidate.IsGenericMethodDefinition)
            {
                var bindings = new Dictionary<Type, Type>();
                for (var k = 0; k < parameters.Length; k++) Infer(parameters[k].ParameterType, wanted[k], bindings);
                var arguments = candidate.GetGenericArguments();
                if (!arguments.All(bindings.ContainsKey)) continue;
                try { method = candidate.MakeGenericMethod(arguments.Select(a => bindings[a]).ToArray()); }
                catch (ArgumentException) { continue; } // a constraint the types do not meet
            }
            if (method.GetParameters().Select(p => p.ParameterType).SequenceEqual(wanted)) return method;
        }
        throw new InvalidOperationException(
            $"{implementation} has no overload for ({string.Join(", ", wanted.Select(t => t.Name))})");
    }

    private static void Infer(Type parameter, Type actual, Dictionary<Type, Type> bindings)
    {
        if (parameter.IsGenericParameter) { bindings.TryAdd(parameter, actual); return; }
        if (!parameter.IsGenericType || !actual.IsGenericType || parameter.GetGenericTypeDefinition() != actual.GetGenericTypeDefinition()) return;
        var (p, a) = (parameter.GetGenericArguments(), actual.GetGenericArguments());
        for (var k = 0; k < p.Length; k++) Infer(p[k], a[k], bindings);
    }

    /// <summary>A compiled call of <paramref name="method"/> over arguments held the interpreter's way (boxed, already of the
    /// parameter's type; a list is an <c>IReadOnlyList&lt;object?&gt;</c>, copied to the typed list the method takes).</summary>
    internal static Func<object?[], object?> Invoker(MethodInfo method) => Invokers.GetOrAdd(method, m =>
    {
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(m, m.GetParameters().Select((p, i) => FromBoxed(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        return Expression.Lambda<Func<object?[], object?>>(Expression.Convert(call, typeof(object)), args).Compile();
    });

    /// <summary>A value held the interpreter's way as <paramref name="type"/>: unboxed, or a list of boxed items copied to a typed
    /// list. No conversion: the core converted every value to the type its place takes (<see cref="CoreConvert"/>).</summary>
    internal static Expression FromBoxed(Expression boxed, Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && type != typeof(IReadOnlyList<object?>))
            return Expression.Call(typeof(BuiltinMethods).GetMethod(nameof(Items), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type.GetGenericArguments()[0]), Expression.Convert(boxed, typeof(IReadOnlyList<object?>)));
        return boxed.Type == type ? boxed : Expression.Convert(boxed, type);
    }

    /// <summary>A list held the interpreter's way (boxed items) as a typed list.</summary>
    internal static IReadOnlyList<T> Items<T>(IReadOnlyList<object?> list)
    {
        var items = new T[list.Count];
        for (var k = 0; k < items.Length; k++)
            items[k] = (T)list[k]!;
        return items;
    }
}
