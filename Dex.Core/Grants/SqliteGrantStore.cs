using System.Text.Json;
using Dex.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dex.Core.Grants;

/// <summary>Grants in a SQLite file (Dex.Local): the record as JSON beside the columns the lists filter on.</summary>
public sealed class SqliteGrantStore : IGrantStore, IDisposable
{
    private readonly SqliteFile _db;

    /// <param name="pathOrConnectionString">A file path (created when missing) or a SQLite connection string (anything containing '=').</param>
    public SqliteGrantStore(string pathOrConnectionString)
    {
        _db = new SqliteFile(pathOrConnectionString, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grants (
                id           TEXT PRIMARY KEY,
                user_id      TEXT NOT NULL,
                resource_id  TEXT NOT NULL,
                status       TEXT NOT NULL,
                record       TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_grants_open ON grants (status, user_id, resource_id);
            """);
    }

    public async Task SaveAsync(GrantRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO grants (id, user_id, resource_id, status, record) VALUES ($id, $user, $resource, $status, $record)
            ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, resource_id = excluded.resource_id, status = excluded.status, record = excluded.record
            """;
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$user", record.UserId.ToLowerInvariant());
        command.Parameters.AddWithValue("$resource", record.ResourceId.ToLowerInvariant());
        command.Parameters.AddWithValue("$status", record.Status.ToString());
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(record, DexJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<GrantRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM grants WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<GrantRecord>(json, DexJson.Options)
            : null;
    }

    public async Task<IReadOnlyList<GrantRecord>> ListOpenAsync(string? userId = null, string? resourceId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM grants WHERE status <> $ended AND ($user IS NULL OR user_id = $user) AND ($resource IS NULL OR resource_id = $resource)";
        command.Parameters.AddWithValue("$ended", nameof(GrantStatus.Ended));
        command.Parameters.AddWithValue("$user", (object?)userId?.ToLowerInvariant() ?? DBNull.Value);
        command.Parameters.AddWithValue("$resource", (object?)resourceId?.ToLowerInvariant() ?? DBNull.Value);
        var list = new List<GrantRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize<GrantRecord>(reader.GetString(0), DexJson.Options) is { } r)
            {
                list.Add(r);
            }
        }

        return [.. list.OrderBy(r => r.EndsAt)];
    }

    public void Dispose() => _db.Dispose();
}
