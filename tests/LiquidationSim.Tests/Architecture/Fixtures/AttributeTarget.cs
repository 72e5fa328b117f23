namespace LiquidationSim.Tests.Architecture.Fixtures.AttributeTarget;

/// <summary>Named only in a <c>typeof</c> attribute argument in <c>Fixtures.Caller</c>.</summary>
public sealed class Marker;
