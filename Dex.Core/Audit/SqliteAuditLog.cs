using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Dex.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dex.Core.Audit;

/// <summary>
/// The audit trail in a SQLite file (Dex.Local, single-instance hosts). Append-only and hash-chained; appends are
/// serialized in-process and run in an IMMEDIATE transaction, so several processes sharing the file also keep one chain.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IDisposable, IAsyncDisposable
{
    private const string Columns = "seq, event_id, at, request_id, instance_id, actor, event, action, target, outcome, details, prev_hash, hash";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _appendGate = new(1, 1);

    // Held open for the log's lifetime: appends reuse it, and it keeps a shared in-memory database alive.
    private readonly SqliteConnection _writer;
    private bool _disposed;

    /// <param name="pathOrConnectionString">A file path (created when missing) or a full SQLite connection string (anything containing '=').</param>
    public SqliteAuditLog(string pathOrConnectionString, TimeProvider? timeProvider = null)
    {
        _connectionString = SqliteFile.ConnectionStringFor(pathOrConnectionString);
        _time = timeProvider ?? TimeProvider.System;
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        CreateSchema(_writer);
    }

    /// <summary>The connection string in use (tests and tools open the same database with it).</summary>
    public string ConnectionString => _connectionString;

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.EventId);
        ObjectDisposedException.ThrowIf(_disposed, this);

        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // IMMEDIATE takes the write lock before reading the tip, so another process cannot link to the same tip.
            using var tx = _writer.BeginTransaction(deferred: false);
            var existing = await FindByEventIdAsync(_writer, tx, auditEvent.EventId, cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return existing;
            }

            var tip = await ReadTipAsync(_writer, tx, cancellationToken).ConfigureAwait(false) ?? new AuditTip(0, AuditHash.Genesis);
            var entry = AuditChain.Link(auditEvent, tip.Seq + 1, tip.Hash, _time.GetUtcNow());

            using (var insert = _writer.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = $"""
                    INSERT INTO audit_entries ({Columns}, at_ticks, actor_key, target_key)
                    VALUES ($seq, $event_id, $at, $request_id, $instance_id, $actor, $event, $action, $target, $outcome, $details, $prev_hash, $hash, $at_ticks, $actor_key, $target_key);
                    INSERT INTO audit_head (id, seq, hash) VALUES (1, $seq, $hash)
                        ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;
                    """;
                Bind(insert, entry);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            tx.Commit();
            return entry;
        }
        finally
        {
            _appendGate.Release();
        }
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var limit = Math.Clamp(query.Limit, 1, 1000);

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_entries WHERE seq > $after");
        command.Parameters.AddWithValue("$after", query.AfterSeq);
        AddFilter(command, sql, "request_id", "$request_id", query.RequestId);
        AddFilter(command, sql, "actor_key", "$actor_key", query.Actor?.ToUpperInvariant());
        AddFilter(command, sql, "target_key", "$target_key", query.Target?.ToUpperInvariant());
        AddFilter(command, sql, "action", "$action", query.Action);
        if (query.From is { } from)
        {
            sql.Append(" AND at_ticks >= $from");
            command.Parameters.AddWithValue("$from", from.UtcTicks);
        }

        if (query.To is { } to)
        {
            sql.Append(" AND at_ticks <= $to");
            command.Parameters.AddWithValue("$to", to.UtcTicks);
        }

        sql.Append(" ORDER BY seq LIMIT $take");
        command.Parameters.AddWithValue("$take", limit + 1);
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>(Math.Min(limit + 1, 128));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ReadEntry(reader));
            }
        }

        var more = entries.Count > limit;
        if (more)
        {
            entries.RemoveAt(entries.Count - 1);
        }

        return new AuditPage(entries, more ? entries[^1].Seq : null);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var e in ReadAllAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // One read transaction: the head and the entries come from the same WAL snapshot.
        using var tx = connection.BeginTransaction(deferred: true);
        var tip = await ReadTipAsync(connection, tx, cancellationToken).ConfigureAwait(false);
        return await AuditChain.VerifyAsync(ReadAllAsync(connection, cancellationToken, tx), tip, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        SqliteConnection.ClearPool(_writer);
        _writer.Dispose();
        _appendGate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void CreateSchema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();

        // WAL lets readers (queries, exports, verification) run while an append commits. synchronous stays FULL:
        // an audit entry the caller saw acknowledged must survive a power cut.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS audit_entries (
                seq         INTEGER PRIMARY KEY,
                event_id    TEXT    NOT NULL,
                at          TEXT    NOT NULL,
                at_ticks    INTEGER NOT NULL,
                request_id  TEXT    NOT NULL,
                instance_id TEXT,
                actor       TEXT    NOT NULL,
                actor_key   TEXT    NOT NULL,
                event       TEXT    NOT NULL,
                action      TEXT,
                target      TEXT,
                target_key  TEXT,
                outcome     TEXT    NOT NULL,
                details     TEXT,
                prev_hash   TEXT    NOT NULL,
                hash        TEXT    NOT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS ux_audit_event_id ON audit_entries (event_id);
            CREATE INDEX IF NOT EXISTS ix_audit_request ON audit_entries (request_id, seq);
            CREATE INDEX IF NOT EXISTS ix_audit_actor ON audit_entries (actor_key, seq);
            CREATE INDEX IF NOT EXISTS ix_audit_target ON audit_entries (target_key, seq);
            CREATE INDEX IF NOT EXISTS ix_audit_at ON audit_entries (at_ticks);
            CREATE TABLE IF NOT EXISTS audit_head (
                id   INTEGER PRIMARY KEY CHECK (id = 1),
                seq  INTEGER NOT NULL,
                hash TEXT    NOT NULL
            );
            """;
        command.ExecuteNonQuery();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteFile.OpenAsync(_connectionString, cancellationToken);

    private static async IAsyncEnumerable<AuditEntry> ReadAllAsync(SqliteConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT {Columns} FROM audit_entries ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadEntry(reader);
        }
    }

    private static async Task<AuditEntry?> FindByEventIdAsync(SqliteConnection connection, SqliteTransaction tx, string eventId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT {Columns} FROM audit_entries WHERE event_id = $event_id";
        command.Parameters.AddWithValue("$event_id", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }

    private static async Task<AuditTip?> ReadTipAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq, hash FROM audit_head WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new AuditTip(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private static void AddFilter(SqliteCommand command, StringBuilder sql, string column, string parameter, string? value)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(CultureInfo.InvariantCulture, $" AND {column} = {parameter}");
        command.Parameters.AddWithValue(parameter, value);
    }

    private static void Bind(SqliteCommand command, AuditEntry e)
    {
        command.Parameters.AddWithValue("$seq", e.Seq);
        command.Parameters.AddWithValue("$event_id", e.EventId);
        command.Parameters.AddWithValue("$at", e.At.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$at_ticks", e.At.UtcTicks);
        command.Parameters.AddWithValue("$request_id", e.RequestId);
        command.Parameters.AddWithValue("$instance_id", (object?)e.InstanceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$actor", e.Actor);
        command.Parameters.AddWithValue("$actor_key", e.Actor.ToUpperInvariant());
        command.Parameters.AddWithValue("$event", e.Event);
        command.Parameters.AddWithValue("$action", (object?)e.Action ?? DBNull.Value);
        command.Parameters.AddWithValue("$target", (object?)e.Target ?? DBNull.Value);
        command.Parameters.AddWithValue("$target_key", (object?)e.Target?.ToUpperInvariant() ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", e.Outcome);
        command.Parameters.AddWithValue("$details", (object?)e.Details ?? DBNull.Value);
        command.Parameters.AddWithValue("$prev_hash", e.PrevHash);
        command.Parameters.AddWithValue("$hash", e.Hash);
    }

    // A timestamp edited into something unparseable must fail verification, not crash it.
    private static DateTimeOffset ParseAt(string text)
        => DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : DateTimeOffset.MinValue;

    private static AuditEntry ReadEntry(SqliteDataReader r) => new()
    {
        Seq = r.GetInt64(0),
        EventId = r.GetString(1),
        At = ParseAt(r.GetString(2)),
        RequestId = r.GetString(3),
        InstanceId = r.IsDBNull(4) ? null : r.GetString(4),
        Actor = r.GetString(5),
        Event = r.GetString(6),
        Action = r.IsDBNull(7) ? null : r.GetString(7),
        Target = r.IsDBNull(8) ? null : r.GetString(8),
        Outcome = r.GetString(9),
        Details = r.IsDBNull(10) ? null : r.GetString(10),
        PrevHash = r.GetString(11),
        Hash = r.GetString(12),
    };
}
