using System.Text.Json;
using Dex.Core.Storage;

namespace Dex.Core.Intake;

/// <summary>Open questions in a SQLite file (Dex.Local): one row per (requester, channel, request), the record as JSON.</summary>
public sealed class SqliteOpenQuestionStore : IOpenQuestionStore, IDisposable
{
    private readonly SqliteFile _db;

    /// <param name="pathOrConnectionString">A file path (created when missing) or a SQLite connection string (anything containing '=').</param>
    public SqliteOpenQuestionStore(string pathOrConnectionString)
    {
        _db = new SqliteFile(pathOrConnectionString, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS open_questions (
                requester_id TEXT NOT NULL,
                channel      TEXT NOT NULL,
                request_id   TEXT NOT NULL,
                expires_at   INTEGER NOT NULL,
                record       TEXT NOT NULL,
                PRIMARY KEY (requester_id, channel, request_id)
            );
            """);
    }

    public async Task OpenAsync(OpenQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO open_questions (requester_id, channel, request_id, expires_at, record) VALUES ($requester, $channel, $request, $expires, $record)
            ON CONFLICT(requester_id, channel, request_id) DO UPDATE SET expires_at = excluded.expires_at, record = excluded.record
            """;
        command.Parameters.AddWithValue("$requester", OpenQuestionKeys.Requester(question.RequesterId));
        command.Parameters.AddWithValue("$channel", OpenQuestionKeys.Channel(question.Channel));
        command.Parameters.AddWithValue("$request", question.RequestId);
        command.Parameters.AddWithValue("$expires", question.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(question, DexJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OpenQuestion>> FindAsync(string requesterId, string channel, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM open_questions WHERE requester_id = $requester AND channel = $channel AND expires_at > $now";
        command.Parameters.AddWithValue("$requester", OpenQuestionKeys.Requester(requesterId));
        command.Parameters.AddWithValue("$channel", OpenQuestionKeys.Channel(channel));
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var list = new List<OpenQuestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize<OpenQuestion>(reader.GetString(0), DexJson.Options) is { } q)
            {
                list.Add(q);
            }
        }

        return OpenQuestionKeys.Live(list, now);
    }

    public async Task CloseAsync(string requesterId, string channel, string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        await using var connection = await _db.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM open_questions WHERE requester_id = $requester AND channel = $channel AND request_id = $request";
        command.Parameters.AddWithValue("$requester", OpenQuestionKeys.Requester(requesterId));
        command.Parameters.AddWithValue("$channel", OpenQuestionKeys.Channel(channel));
        command.Parameters.AddWithValue("$request", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _db.Dispose();
}
