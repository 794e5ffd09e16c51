using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dex.Core.Audit;

/// <summary>Streams the audit trail out as CSV (for spreadsheets) or JSON Lines (exact, for tools and re-verification).</summary>
public static class AuditExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string JsonLinesContentType = "application/x-ndjson; charset=utf-8";

    private static readonly string[] Header =
        ["seq", "eventId", "at", "requestId", "instanceId", "actor", "event", "action", "target", "outcome", "details", "prevHash", "hash"];

    // A BOM makes Excel read the file as UTF-8 instead of the local code page.
    private static readonly UTF8Encoding CsvEncoding = new(encoderShouldEmitUTF8Identifier: true);

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Not embedded in HTML: keep '+', '&', '<' and non-ASCII readable rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// RFC 4180 CSV: header row, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF. Text cells that a
    /// spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading single quote, so this file is for
    /// reading; use JSON Lines for an exact copy that re-verifies.
    /// </summary>
    public static async Task WriteCsvAsync(IAsyncEnumerable<AuditEntry> entries, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new StreamWriter(output, CsvEncoding, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(string.Join(',', Header).AsMemory(), cancellationToken).ConfigureAwait(false);
            var line = new StringBuilder(512);
            await foreach (var e in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                line.Clear();
                line.Append(e.Seq.ToString(CultureInfo.InvariantCulture));
                foreach (var field in (ReadOnlySpan<string?>)
                    [e.EventId, e.At.ToString("O", CultureInfo.InvariantCulture), e.RequestId, e.InstanceId, e.Actor, e.Event, e.Action, e.Target, e.Outcome, e.Details, e.PrevHash, e.Hash])
                {
                    line.Append(',');
                    AppendCsvField(line, field);
                }

                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One JSON object per line (camelCase, nulls kept), UTF-8 without BOM, LF line ends.</summary>
    public static async Task WriteJsonLinesAsync(IAsyncEnumerable<AuditEntry> entries, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        await foreach (var e in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", e.Seq);
            json.WriteString("eventId", e.EventId);
            json.WriteString("at", e.At.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("requestId", e.RequestId);
            json.WriteString("instanceId", e.InstanceId);
            json.WriteString("actor", e.Actor);
            json.WriteString("event", e.Event);
            json.WriteString("action", e.Action);
            json.WriteString("target", e.Target);
            json.WriteString("outcome", e.Outcome);
            json.WriteString("details", e.Details);
            json.WriteString("prevHash", e.PrevHash);
            json.WriteString("hash", e.Hash);
            json.WriteEndObject();
            json.Flush();
            json.Reset();

            buffer.WriteByte((byte)'\n');

            // Hand over in chunks: memory stays flat however long the trail is.
            if (buffer.Length >= 32 * 1024)
            {
                await FlushAsync(buffer, output, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(buffer, output, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one CSV field with RFC 4180 quoting and formula defusing.</summary>
    internal static void AppendCsvField(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }

        line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static async Task FlushAsync(MemoryStream buffer, Stream output, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0)
        {
            return;
        }

        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }
}
