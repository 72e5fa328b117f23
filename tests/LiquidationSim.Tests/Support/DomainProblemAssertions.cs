using LiquidationSim.Internal;

namespace LiquidationSim.Tests.Support;

/// <summary>What every domain validator promises: its type's constructor throws the first of its problems.</summary>
internal static class DomainProblemAssertions
{
    /// <summary>
    /// Asserts that <paramref name="act"/> throws exactly <typeparamref name="TException"/> naming the first problem's
    /// parameter, with that problem's message (".NET appends the parameter name and, for a range, the value).
    /// </summary>
    public static void ShouldThrowFirstOf<TException>(this Action act, IReadOnlyList<DomainProblem> problems)
        where TException : ArgumentException
    {
        problems.Should().NotBeEmpty();
        var thrown = act.Should().ThrowExactly<TException>().WithParameterName(problems[0].Parameter).Which;
        if (thrown is not ArgumentNullException)
        {
            thrown.Message.Should().StartWith(problems[0].Describe());
        }
    }
}
