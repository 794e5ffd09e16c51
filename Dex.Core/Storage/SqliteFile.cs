using Microsoft.Data.Sqlite;

namespace Dex.Core.Storage;

/// <summary>
/// The SQLite database behind one of Dex.Local's stores (audit, credentials, grants): how it is named, the connection
/// kept open for the store's lifetime (it keeps a shared in-memory database alive and skips reopening per call), its
/// schema, and how further connections are opened.
/// </summary>
public sealed class SqliteFile : IDisposable
{
    /// <param name="pathOrConnectionString">A file path (created when missing) or a SQLite connection string (anything containing '=').</param>
    /// <param name="schema">Idempotent DDL (CREATE ... IF NOT EXISTS) run on the kept connection.</param>
    public SqliteFile(string pathOrConnectionString, string schema)
    {
        ConnectionString = ConnectionStringFor(pathOrConnectionString);
        KeptOpen = new SqliteConnection(ConnectionString);
        KeptOpen.Open();
        using var command = KeptOpen.CreateCommand();
        command.CommandText = schema;
        command.ExecuteNonQuery();
    }

    public string ConnectionString { get; }

    /// <summary>The connection held for the store's lifetime (a store may write through it).</summary>
    public SqliteConnection KeptOpen { get; }

    public static string ConnectionStringFor(string pathOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        return pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? pathOrConnectionString
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    /// <summary>A new open connection to the same database; the caller disposes it.</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(ConnectionString, cancellationToken);

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearPool(KeptOpen);
        KeptOpen.Dispose();
    }
}
