using System.Collections;

namespace Dex.GraphEmulator.Model;

/// <summary>Object ids in insertion order (listings stay stable) with O(1), case-insensitive membership checks.</summary>
internal sealed class OrderedIdSet : IReadOnlyList<string>
{
    private readonly List<string> _ordered = [];
    private readonly HashSet<string> _set = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _ordered.Count;

    public string this[int index] => _ordered[index];

    public bool Contains(string id) => _set.Contains(id);

    /// <summary>False when the id was already there (Graph answers such an add with 400 "already exist").</summary>
    public bool Add(string id)
    {
        if (!_set.Add(id))
        {
            return false;
        }

        _ordered.Add(id);
        return true;
    }

    public bool Remove(string id)
    {
        if (!_set.Remove(id))
        {
            return false;
        }

        _ordered.RemoveAt(_ordered.FindIndex(m => string.Equals(m, id, StringComparison.OrdinalIgnoreCase)));
        return true;
    }

    public IEnumerator<string> GetEnumerator() => _ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
