using FluentAssertions.Specialized;

namespace LiquidationSim.Tests.Support;

/// <summary>Assertions for refused input: the exception names the parameter and shows the offending value.</summary>
internal static class Refusal
{
    /// <summary>
    /// <paramref name="act"/> throws an <see cref="ArgumentException"/> (or a subclass) whose ParamName is
    /// <paramref name="paramName"/> and whose message shows <paramref name="value"/> as the value received
    /// (the library's messages end with "got {value}.").
    /// </summary>
    public static ExceptionAssertions<ArgumentException> ShouldRefuse(this Action act, string paramName, string value)
    {
        ExceptionAssertions<ArgumentException> thrown = act.Should().Throw<ArgumentException>().WithParameterName(paramName);
        thrown.Which.Message.Should().Contain("got " + value, "the message must show the offending value");
        return thrown;
    }

    /// <inheritdoc cref="ShouldRefuse(Action, string, string)"/>
    public static ExceptionAssertions<ArgumentException> ShouldRefuse<T>(this Func<T> act, string paramName, string value) =>
        new Action(() => act()).ShouldRefuse(paramName, value);
}
