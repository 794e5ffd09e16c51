using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Dex.GraphEmulator.Model;
using Dex.GraphEmulator.OData;

namespace Dex.GraphEmulator.Http;

/// <summary>
/// <c>GET /users/delta</c> and <c>GET /groups/delta</c> (also spelled <c>delta()</c>, as the SDK does): the first round
/// pages through every object and ends with an <c>@odata.deltaLink</c>; a round started from that link returns only what
/// changed since (new or modified objects, deleted ones as <c>@removed</c>). Tokens name server-side snapshots of each
/// object's rendering under the round's <c>$select</c>, so any change the emulator can show is a change delta reports.
/// Groups report <c>members@delta</c> when <c>$select</c> names <c>members</c>.
/// </summary>
internal sealed partial class GraphApi
{
    private const int DeltaPageSize = 100;
    private readonly ConcurrentDictionary<string, DeltaSnapshot> _deltaSnapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeltaRound> _deltaRounds = new(StringComparer.Ordinal);

    private sealed record DeltaSnapshot(string Set, string Select, Dictionary<string, DeltaEntry> Entries);

    private sealed record DeltaEntry(byte[] Hash, HashSet<string>? Members);

    private sealed record DeltaRound(string Set, string Select, List<byte[]> Items, string NextSnapshot);

    private EmuResponse UsersDelta(EmuRequest req) => Delta(req, "users");

    private EmuResponse GroupsDelta(EmuRequest req) => Delta(req, "groups");

    private EmuResponse Delta(EmuRequest req, string set)
    {
        foreach (var (key, _) in req.Query)
        {
            if (key is not ("$select" or "$deltatoken" or "$skiptoken"))
            {
                throw new GraphError(400, "Request_BadRequest", $"The query parameter '{key}' is not supported with delta queries.");
            }
        }

        if (req.Q("$skiptoken") is { } skip)
        {
            return _deltaRounds.TryGetValue(skip, out var round) && round.Set == set
                ? DeltaPage(round, skip)
                : throw new GraphError(400, "Request_BadRequest", $"The specified page token value '{skip}' is invalid.");
        }

        DeltaSnapshot? since = null;
        if (req.Q("$deltatoken") is { } token)
        {
            if (!string.Equals(token, "latest", StringComparison.OrdinalIgnoreCase)
                && (!_deltaSnapshots.TryGetValue(token, out since) || since.Set != set))
            {
                throw new GraphError(400, "Request_BadRequest", $"The specified delta token value '{token}' is invalid.");
            }
        }

        var select = since?.Select ?? req.Q("$select") ?? string.Empty;
        var (current, rendered) = Snapshot(set, select);
        var nextSnapshot = NewToken();
        _deltaSnapshots[nextSnapshot] = current;

        var items = new List<byte[]>();
        if (req.Q("$deltatoken") is { } t && string.Equals(t, "latest", StringComparison.OrdinalIgnoreCase))
        {
            // "latest": no objects, only a link to track changes from now on.
        }
        else if (since is null)
        {
            items.AddRange(current.Entries.Keys.Order(StringComparer.Ordinal).Select(id => rendered[id](null)));
        }
        else
        {
            foreach (var (id, entry) in current.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!since.Entries.TryGetValue(id, out var before) || !before.Hash.AsSpan().SequenceEqual(entry.Hash))
                {
                    items.Add(rendered[id](before?.Members));
                }
            }

            foreach (var id in since.Entries.Keys.Where(id => !current.Entries.ContainsKey(id)).Order(StringComparer.Ordinal))
            {
                items.Add(Removed(id, set));
            }
        }

        var first = NewToken();
        var roundOf = new DeltaRound(set, select, items, nextSnapshot);
        _deltaRounds[first] = roundOf;
        return DeltaPage(roundOf, first);
    }

    private EmuResponse DeltaPage(DeltaRound round, string token)
    {
        // Pages are positions in the round: "<round>.<offset>" so each nextLink is its own token.
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var offset = dot < 0 ? 0 : int.Parse(token.AsSpan(dot + 1), System.Globalization.CultureInfo.InvariantCulture);
        var roundKey = dot < 0 ? token : token[..dot];
        var end = Math.Min(round.Items.Count, offset + DeltaPageSize);
        var context = string.IsNullOrEmpty(round.Select) ? round.Set : $"{round.Set}({round.Select})";
        return EmuResponse.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", Context(context));
            if (end < round.Items.Count)
            {
                var next = roundKey + "." + end.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _deltaRounds[next] = round;
                w.WriteString("@odata.nextLink", $"{BaseUrl}/{round.Set}/delta()?$skiptoken={next}");
            }
            else
            {
                w.WriteString("@odata.deltaLink", $"{BaseUrl}/{round.Set}/delta()?$deltatoken={round.NextSnapshot}");
            }

            w.WriteStartArray("value");
            for (var i = offset; i < end; i++)
            {
                w.WriteRawValue(round.Items[i], skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Every live object rendered under <paramref name="select"/>, with a hash of it and (groups) its members.</summary>
    private (DeltaSnapshot Snapshot, Dictionary<string, Func<HashSet<string>?, byte[]>> Render) Snapshot(string set, string select)
    {
        var names = select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var withMembers = set == "groups" && names.RemoveAll(n => string.Equals(n, "members", StringComparison.OrdinalIgnoreCase)) > 0;
        // Delta answers always carry the id, whatever $select says: it is how a client matches changes.
        if (names.Count > 0 && !names.Contains("id", StringComparer.OrdinalIgnoreCase))
        {
            names.Insert(0, "id");
        }

        var propSelect = names.Count == 0 ? null : string.Join(',', names);
        var entries = new Dictionary<string, DeltaEntry>(StringComparer.Ordinal);
        var render = new Dictionary<string, Func<HashSet<string>?, byte[]>>(StringComparer.Ordinal);
        lock (_tenant.Sync)
        {
            var s = _tenant.State;
            if (set == "users")
            {
                var selected = Resources.User.Select(propSelect);
                foreach (var u in s.Users)
                {
                    var json = Render(w => Resources.User.Write(w, u, selected, false));
                    entries[u.Id] = new DeltaEntry(SHA256.HashData(json), null);
                    render[u.Id] = _ => json;
                }
            }
            else
            {
                var selected = Resources.Group.Select(propSelect);
                foreach (var g in s.Groups)
                {
                    var props = Render(w => Resources.Group.Write(w, g, selected, false));
                    var members = withMembers ? g.Members.ToHashSet(StringComparer.Ordinal) : null;
                    var hash = SHA256.HashData(members is null ? props : [.. props, .. System.Text.Encoding.UTF8.GetBytes(string.Join(',', members.Order(StringComparer.Ordinal)))]);
                    entries[g.Id] = new DeltaEntry(hash, members);
                    var kinds = members?.ToDictionary(id => id, id => s.FindObject(id) is GroupEntity ? "#microsoft.graph.group" : "#microsoft.graph.user", StringComparer.Ordinal);
                    render[g.Id] = before => members is null ? props : Render(w => Resources.Group.Write(w, g, selected, false, (ww, _) => MembersDelta(ww, members, before, kinds!)));
                }
            }
        }

        return (new DeltaSnapshot(set, select, entries), render);
    }

    private static void MembersDelta(Utf8JsonWriter w, HashSet<string> now, HashSet<string>? before, Dictionary<string, string> kinds)
    {
        w.WriteStartArray("members@delta");
        foreach (var id in now.Where(id => before?.Contains(id) != true).Order(StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("@odata.type", kinds[id]);
            w.WriteString("id", id);
            w.WriteEndObject();
        }

        foreach (var id in (before ?? []).Where(id => !now.Contains(id)).Order(StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("@odata.type", "#microsoft.graph.user");
            w.WriteString("id", id);
            w.WriteStartObject("@removed");
            w.WriteString("reason", "deleted");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>A deleted object: Graph says "changed" while it can still be restored from deletedItems, "deleted" after.</summary>
    private byte[] Removed(string id, string set)
    {
        bool restorable;
        lock (_tenant.Sync)
        {
            restorable = set == "users" ? _tenant.State.DeletedUsers.Any(u => u.Id == id) : _tenant.State.DeletedGroups.Any(g => g.Id == id);
        }

        return Render(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteStartObject("@removed");
            w.WriteString("reason", restorable ? "changed" : "deleted");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
