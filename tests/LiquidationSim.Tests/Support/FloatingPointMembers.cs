using System.Reflection;

namespace LiquidationSim.Tests.Support;

/// <summary>
/// Members whose signature carries a binary floating-point number (double, float, Half, also inside arrays and generic
/// arguments): fields, properties, method and constructor parameters and returns, public or not. The core and DeFi
/// packages report decimal or exact integer figures only; double is for chart geometry in LiquidationSim.Reporting.
/// </summary>
internal static class FloatingPointMembers
{
    public static IEnumerable<string> Of(IEnumerable<Type> types)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in types)
        {
            foreach (FieldInfo f in type.GetFields(All).Where(f => IsFloating(f.FieldType)))
            {
                yield return type.FullName + "." + f.Name;
            }

            foreach (PropertyInfo p in type.GetProperties(All).Where(p => IsFloating(p.PropertyType)))
            {
                yield return type.FullName + "." + p.Name;
            }

            foreach (MethodBase m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                if ((m is MethodInfo method && IsFloating(method.ReturnType)) || m.GetParameters().Any(p => IsFloating(p.ParameterType)))
                {
                    yield return type.FullName + "." + m.Name;
                }
            }
        }
    }

    private static bool IsFloating(Type type)
    {
        while (type.HasElementType)
        {
            type = type.GetElementType()!;
        }

        return type == typeof(double) || type == typeof(float) || type == typeof(Half)
            || (type.IsGenericType && type.GetGenericArguments().Any(IsFloating));
    }
}
