using Dex.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dex.Core.Secrets;

/// <summary>Secret records in a SQLite file (Dex.Local). The take is one DELETE ... RETURNING statement, hence atomic.</summary>
public sealed class SqliteSecretStore : ISecretStore, IDisposable
{
    private readonly SqliteFile _db;

    /// <param name="pathOrConnectionString">A file path (created when missing) or a SQLite connection string (anything containing '=').</param>
    public SqliteSecretStore(string pathOrConnectionString)
    {
        _db = new SqliteFile(pathOrConnectionString, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS secrets (
                id          TEXT    PRIMARY KEY,
                ciphertext  BLOB    NOT NULL,
                created_at  INTEGER NOT NULL,
                expires_at  INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_secrets_expires ON secrets (expires_at);
            """);
    }

    public string ConnectionString => _db.ConnectionString;

    public async Task AddAsync(SecretRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO secrets (id, ciphertext, created_at, expires_at) VALUES ($id, $ciphertext, $created, $expires)";
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$ciphertext", record.Ciphertext);
        command.Parameters.AddWithValue("$created", record.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires", record.ExpiresAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<SecretRecord?> TakeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM secrets WHERE id = $id RETURNING ciphertext, created_at, expires_at";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new SecretRecord(
            id,
            (byte[])reader.GetValue(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    public async Task<DateTimeOffset?> PeekExpiryAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT expires_at FROM secrets WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM secrets WHERE expires_at <= $now";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _db.Dispose();
}
