using LiquidationSim.Internal;

namespace LiquidationSim.Kernel;

/// <summary>Argument checks and the log-return application shared by the stochastic price processes.</summary>
internal static class PriceSteps
{
    public static void Check(decimal price, TimeSpan time, TimeSpan step, SeededRandom random)
    {
        Preconditions.Positive(price);
        if (time < TimeSpan.Zero)
        {
            ThrowHelper.OutOfRange(nameof(time), time, "must not be negative");
        }

        YearFraction.CheckStep(step);
        Preconditions.NotNull(random);
    }

    /// <summary>price·e^logReturn, refusing a result decimal cannot hold rather than rounding it to 0.</summary>
    public static decimal Apply(decimal price, decimal logReturn)
    {
        decimal next;
        try
        {
            next = price * DecimalMath.Exp(logReturn);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new OverflowException(Describe(price, logReturn), e);
        }
        catch (OverflowException e)
        {
            throw new OverflowException(Describe(price, logReturn), e);
        }

        if (next <= 0m)
        {
            throw new OverflowException(Describe(price, logReturn));
        }

        return next;
    }

    private static string Describe(decimal price, decimal logReturn) =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"The price {price} moved by the log return {logReturn} is outside the range of decimal.");
}
