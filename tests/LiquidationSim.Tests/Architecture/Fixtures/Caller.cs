using System.ComponentModel;

namespace LiquidationSim.Tests.Architecture.Fixtures.Caller;

/// <summary>Depends on <c>Fixtures.BodyTarget</c> through its body only and on <c>Fixtures.AttributeTarget</c> through an attribute only.</summary>
[TypeConverter(typeof(AttributeTarget.Marker))]
public static class Caller
{
    public static int Call() => BodyTarget.Callee.Value() + 1;
}
