using FsCheck;
using FsCheck.Fluent;
using LiquidationSim.Accounts;
using LiquidationSim.Liquidation;
using LiquidationSim.Tests.Support;

namespace LiquidationSim.Tests.Liquidation;

/// <summary>
/// The index's chunked sorted list against <see cref="SortedSet{T}"/> under the same order, the structure it
/// replaced: every add and remove answers alike and leaves the same entries in the same order. Prices come from a
/// small set (scales differ: 100 and 100.0 are equal under the order but not the same entry) and accounts from a
/// small range, so equal entries, duplicates and removals of absent entries are common; thousands of operations
/// split and empty many chunks.
/// </summary>
public class SortedIndexEntriesTests
{
    private static readonly Gen<IndexEntry> AnyEntry =
        from price in Gen.Elements(0m, 99.5m, 100m, 100.0m, 100.25m, 101m, decimal.MaxValue)
        from account in Gen.Choose(1, 400)
        from side in Gen.Elements(PositionSide.Long, PositionSide.Short)
        from cross in Gen.Elements(true, false)
        select new IndexEntry(price, new AccountId(account), side, cross);

    private static readonly Gen<(bool Add, IndexEntry Entry)[]> AnyOps =
        from count in Gen.Choose(0, 3_000)
        from ops in Gen.ArrayOf(Gen.Zip(Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false))), AnyEntry), count)
        select ops;

    [CiProperty(MaxTest = 60)]
    public Property Adds_and_removes_answer_and_order_exactly_as_a_sorted_set() =>
        Prop.ForAll(AnyOps.ToArbitrary(), Gen.Elements(PositionSide.Long, PositionSide.Short).ToArbitrary(), (ops, side) =>
        {
            IComparer<IndexEntry> order = LiquidationPriceIndex.OrderOf(side);
            var expected = new SortedSet<IndexEntry>(order);
            var actual = new SortedIndexEntries(order);
            foreach ((bool add, IndexEntry entry) in ops)
            {
                (add ? actual.Add(entry) : actual.Remove(entry)).Should().Be(add ? expected.Add(entry) : expected.Remove(entry));
                actual.Count.Should().Be(expected.Count);
                if (expected.Count > 0)
                {
                    actual.Min.Should().Be(expected.Min);
                }
            }

            actual.Should().Equal(expected);
            actual.Clone().Should().Equal(expected);
        });

    [CiProperty(MaxTest = 60)]
    public Property Building_from_an_unordered_list_keeps_what_the_sorted_set_constructor_keeps() =>
        Prop.ForAll(Gen.Choose(0, 2_000).SelectMany(n => Gen.ArrayOf(AnyEntry, n)).ToArbitrary(), (IndexEntry[] entries) =>
        {
            foreach (PositionSide side in new[] { PositionSide.Long, PositionSide.Short })
            {
                IComparer<IndexEntry> order = LiquidationPriceIndex.OrderOf(side);
                SortedIndexEntries built = SortedIndexEntries.Build(order, [.. entries]);
                built.Should().Equal(new SortedSet<IndexEntry>(entries, order));
                built.Count.Should().Be(built.Count());
            }
        });

    [Fact]
    public void Changing_the_set_during_a_walk_throws()
    {
        var set = new SortedIndexEntries(LiquidationPriceIndex.OrderOf(PositionSide.Long));
        set.Add(new IndexEntry(100m, new AccountId(1), PositionSide.Long, false));
        set.Add(new IndexEntry(99m, new AccountId(2), PositionSide.Long, false));
        Action walk = () =>
        {
            foreach (IndexEntry e in set)
            {
                set.Remove(e);
            }
        };
        walk.Should().Throw<InvalidOperationException>();
    }
}
