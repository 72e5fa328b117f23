using System.Collections;
using LiquidationSim.Internal;

namespace LiquidationSim.Liquidation;

/// <summary>
/// One side of a symbol's liquidation-price index: entries kept in index order in sorted chunks of a few hundred
/// (a flat list of small arrays, like a one-level B-tree), so a million entries are a few thousand arrays of plain
/// structs that the garbage collector never has to trace, instead of a million tree nodes.
/// </summary>
/// <remarks>
/// Set semantics follow <see cref="SortedSet{T}"/> under the same comparer, exactly: an entry equal to a stored one
/// under the order (same price, same account) is not added, <see cref="Remove"/> removes the stored entry that
/// compares equal, and building from an unordered list keeps the first of equal entries after the same sort. Adding
/// or removing finds the chunk by binary search over chunk ends and shifts at most one chunk. Enumeration walks the
/// order and throws if the set changes meanwhile. Not thread-safe.
/// </remarks>
internal sealed class SortedIndexEntries : IEnumerable<IndexEntry>
{
    /// <summary>Most entries a chunk holds; a full chunk splits in two.</summary>
    internal const int ChunkCapacity = 64;

    // Chunks built in bulk start three quarters full, so early inserts rarely split.
    private const int BuildFill = ChunkCapacity * 3 / 4;

    private readonly IComparer<IndexEntry> _order;
    private readonly List<Chunk> _chunks;
    private int _version;

    public SortedIndexEntries(IComparer<IndexEntry> order)
        : this(order, [])
    {
    }

    private SortedIndexEntries(IComparer<IndexEntry> order, List<Chunk> chunks)
    {
        _order = order;
        _chunks = chunks;
        foreach (Chunk c in chunks)
        {
            Count += c.Count;
        }
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The first entry in index order; the set must not be empty.</summary>
    public IndexEntry Min => _chunks[0].Items[0];

    /// <summary>
    /// Builds a set from entries in any order, as <see cref="SortedSet{T}"/>'s constructor does: the same sort, then the
    /// first of each run of equal entries kept. <paramref name="entries"/> is not changed.
    /// </summary>
    public static SortedIndexEntries Build(IComparer<IndexEntry> order, List<IndexEntry> entries)
    {
        IndexEntry[] items = [.. entries];
        Array.Sort(items, 0, items.Length, order);
        int count = items.Length == 0 ? 0 : 1;
        for (int i = 1; i < items.Length; i++)
        {
            if (order.Compare(items[i], items[count - 1]) != 0)
            {
                items[count++] = items[i];
            }
        }

        var chunks = new List<Chunk>((count / BuildFill) + 1);
        for (int start = 0; start < count; start += BuildFill)
        {
            var chunk = new Chunk();
            chunk.Count = Math.Min(BuildFill, count - start);
            Array.Copy(items, start, chunk.Items, 0, chunk.Count);
            chunks.Add(chunk);
        }

        return new SortedIndexEntries(order, chunks);
    }

    /// <summary>An independent copy.</summary>
    public SortedIndexEntries Clone()
    {
        var chunks = new List<Chunk>(_chunks.Count);
        foreach (Chunk c in _chunks)
        {
            var copy = new Chunk { Count = c.Count };
            Array.Copy(c.Items, copy.Items, c.Count);
            chunks.Add(copy);
        }

        return new SortedIndexEntries(_order, chunks);
    }

    /// <summary>Adds an entry unless an equal one (same price, same account) is stored; returns whether it was added.</summary>
    public bool Add(IndexEntry entry)
    {
        if (_chunks.Count == 0)
        {
            var first = new Chunk { Count = 1 };
            first.Items[0] = entry;
            _chunks.Add(first);
            Count++;
            _version++;
            return true;
        }

        int c = Math.Min(ChunkFor(entry), _chunks.Count - 1);
        Chunk chunk = _chunks[c];
        int at = Array.BinarySearch(chunk.Items, 0, chunk.Count, entry, _order);
        if (at >= 0)
        {
            return false;
        }

        at = ~at;
        if (chunk.Count == ChunkCapacity)
        {
            // Split: the upper half moves to a new chunk after this one.
            var upper = new Chunk { Count = ChunkCapacity / 2 };
            Array.Copy(chunk.Items, ChunkCapacity / 2, upper.Items, 0, upper.Count);
            chunk.Count = ChunkCapacity / 2;
            _chunks.Insert(c + 1, upper);
            if (at > chunk.Count)
            {
                (chunk, at) = (upper, at - chunk.Count);
            }
        }

        Array.Copy(chunk.Items, at, chunk.Items, at + 1, chunk.Count - at);
        chunk.Items[at] = entry;
        chunk.Count++;
        Count++;
        _version++;
        return true;
    }

    /// <summary>Removes the stored entry equal to <paramref name="entry"/> (same price, same account); returns whether one was.</summary>
    public bool Remove(IndexEntry entry)
    {
        int c = ChunkFor(entry);
        if (c == _chunks.Count)
        {
            return false;
        }

        Chunk chunk = _chunks[c];
        int at = Array.BinarySearch(chunk.Items, 0, chunk.Count, entry, _order);
        if (at < 0)
        {
            return false;
        }

        chunk.Count--;
        Array.Copy(chunk.Items, at + 1, chunk.Items, at, chunk.Count - at);
        if (chunk.Count == 0)
        {
            _chunks.RemoveAt(c);
        }

        Count--;
        _version++;
        return true;
    }

    /// <summary>Walks the entries in index order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<IndexEntry> IEnumerable<IndexEntry>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The first chunk whose last entry is not before <paramref name="entry"/>, or the chunk count if none.</summary>
    private int ChunkFor(IndexEntry entry)
    {
        int lo = 0, hi = _chunks.Count - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            Chunk chunk = _chunks[mid];
            if (_order.Compare(chunk.Items[chunk.Count - 1], entry) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>A run of entries in index order.</summary>
    private sealed class Chunk
    {
        public IndexEntry[] Items { get; } = new IndexEntry[ChunkCapacity];

        public int Count { get; set; }
    }

    /// <summary>Walks the chunks in order; throws if the set changes during the walk.</summary>
    public struct Enumerator : IEnumerator<IndexEntry>
    {
        private readonly SortedIndexEntries _set;
        private readonly int _version;
        private int _chunk;
        private int _index;

        internal Enumerator(SortedIndexEntries set)
        {
            _set = set;
            _version = set._version;
            _chunk = 0;
            _index = -1;
        }

        /// <summary>The entry at the walk's position.</summary>
        public readonly IndexEntry Current => _set._chunks[_chunk].Items[_index];

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next entry; false past the last.</summary>
        public bool MoveNext()
        {
            if (_version != _set._version)
            {
                ThrowHelper.InvalidOperation("The index changed while it was being walked.");
            }

            List<Chunk> chunks = _set._chunks;
            while (_chunk < chunks.Count)
            {
                if (++_index < chunks[_chunk].Count)
                {
                    return true;
                }

                (_chunk, _index) = (_chunk + 1, -1);
            }

            return false;
        }

        /// <summary>Starts the walk again.</summary>
        public void Reset() => (_chunk, _index) = (0, -1);

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
