using System.Collections.Immutable;

namespace LiquidationSim.Simulation;

/// <summary>Structural equality of the immutable collections inside scenario records.</summary>
internal static class ScenarioEquality
{
    public static bool Sequence<T>(ImmutableArray<T> left, ImmutableArray<T> right) =>
        left.IsDefaultOrEmpty ? right.IsDefaultOrEmpty : !right.IsDefault && left.AsSpan().SequenceEqual(right.AsSpan());

    public static bool Map<T>(ImmutableSortedDictionary<string, T>? left, ImmutableSortedDictionary<string, T>? right)
    {
        if (left is null || right is null)
        {
            return ReferenceEquals(left, right);
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !EqualityComparer<T>.Default.Equals(value, other))
            {
                return false;
            }
        }

        return true;
    }
}
