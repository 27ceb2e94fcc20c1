using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;

namespace PolicyRules.Evaluation;

/// <summary>
/// Finds the runtime method the catalogue names for a builtin (<see cref="BuiltinImplementation"/>): a public static
/// method of <see cref="BuiltinCatalogue.RuntimeType"/> in this assembly.
/// </summary>
public static class BuiltinMethods
{
    private static readonly Func<object?[], object?>?[] Invokers = new Func<object?[], object?>?[BuiltinCatalogue.Implementations.Count];

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

    /// <summary>A compiled call of the exact implementation over boxed arguments, or null when it has no exact signature.</summary>
    internal static Func<object?[], object?>? Invoker(BuiltinFunction function)
    {
        var index = (int)function;
        if (Invokers[index] is { } cached) return cached;
        if (Exact(BuiltinCatalogue.Implementation(function)) is not { } method) return null;
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(method, method.GetParameters().Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        var invoker = Expression.Lambda<Func<object?[], object?>>(Expression.Convert(call, typeof(object)), args).Compile();
        return Invokers[index] = invoker;
    }
}
