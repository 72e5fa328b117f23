using LiquidationSim.Internal;

namespace LiquidationSim.Tests.Support;

/// <summary>What every domain validator promises: its type's constructor throws the first of its problems.</summary>
internal static class DomainProblemAssertions
{
    /// <summary>
    /// Asserts that <paramref name="act"/> throws exactly the exception the argument checks throw for the first problem's
    /// rule (<see cref="ArgumentNullException"/> for a missing reference, <see cref="ArgumentException"/> for a blank name
    /// or another rule, <see cref="ArgumentOutOfRangeException"/> for a bound), naming its parameter, with its message
    /// (.NET appends the parameter name and, for a bound, the value).
    /// </summary>
    public static void ShouldThrowFirstOf(this Action act, IReadOnlyList<DomainProblem> problems)
    {
        problems.Should().NotBeEmpty();
        var expected = problems[0].Rule switch
        {
            DomainRule.NotNull => typeof(ArgumentNullException),
            DomainRule.NotBlank or DomainRule.Invalid => typeof(ArgumentException),
            _ => typeof(ArgumentOutOfRangeException),
        };

        var thrown = act.Should().Throw<ArgumentException>().WithParameterName(problems[0].Parameter).Which;
        thrown.Should().BeOfType(expected);
        if (thrown is not ArgumentNullException)
        {
            thrown.Message.Should().StartWith(problems[0].Describe());
        }
    }
}
