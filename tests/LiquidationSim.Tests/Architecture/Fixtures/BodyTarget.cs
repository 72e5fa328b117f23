namespace LiquidationSim.Tests.Architecture.Fixtures.BodyTarget;

/// <summary>Named only inside a method body of <c>Fixtures.Caller</c>, so only IL decoding can find the dependency.</summary>
public static class Callee
{
    public static int Value() => 42;
}
