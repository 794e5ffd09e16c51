using Dex.Core.Approvals;
using Microsoft.Data.Sqlite;

namespace Dex.Local.Durable;

/// <summary>
/// What must never be forgotten, whatever the engine, in SQLite under the state folder: approval links already used (each
/// decides once, even across a restart) and request ids already accepted (a re-sent message id never starts a second run).
/// </summary>
public sealed class LocalLedger : IApprovalTokenLedger
{
    private readonly string _connectionString;

    public LocalLedger(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS used_approval_links (token_id TEXT PRIMARY KEY, at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS accepted_requests (request_id TEXT PRIMARY KEY, at TEXT NOT NULL);
            """;
        cmd.ExecuteNonQuery();
    }

    public Task<bool> TryConsumeAsync(string tokenId, CancellationToken cancellationToken = default)
        => InsertAsync("used_approval_links", "token_id", tokenId, cancellationToken);

    public Task<bool> IsConsumedAsync(string tokenId, CancellationToken cancellationToken = default)
        => ExistsAsync("used_approval_links", "token_id", tokenId, cancellationToken);

    public Task<bool> RecordAcceptedAsync(string requestId, CancellationToken cancellationToken = default)
        => InsertAsync("accepted_requests", "request_id", requestId, cancellationToken);

    public Task<bool> WasAcceptedAsync(string requestId, CancellationToken cancellationToken = default)
        => ExistsAsync("accepted_requests", "request_id", requestId, cancellationToken);

    private async Task<bool> InsertAsync(string table, string column, string key, CancellationToken cancellationToken)
    {
        await using var c = Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"INSERT OR IGNORE INTO {table} ({column}, at) VALUES ($k, $at)";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<bool> ExistsAsync(string table, string column, string key, CancellationToken cancellationToken)
    {
        await using var c = Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT 1 FROM {table} WHERE {column} = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var busy = c.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout=5000;";
        busy.ExecuteNonQuery();
        return c;
    }
}
