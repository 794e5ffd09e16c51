using System.Text;
using System.Text.Json;
using Dex.Core.Audit;

namespace Dex.Tests.Audit;

internal static class ExportSamples
{
    public static async Task<InMemoryAuditLog> LogAsync(params AuditEvent[] events)
    {
        var log = new InMemoryAuditLog();
        foreach (var e in events)
        {
            await log.AppendAsync(e);
        }

        return log;
    }

    public static AuditEvent Event(string id, string? details = null, string? target = "tom@acme.com", string actor = "alice@acme.com") => new()
    {
        EventId = id,
        RequestId = "req-1",
        Actor = actor,
        Event = "step_succeeded",
        Action = "password_reset",
        Target = target,
        Outcome = "ok",
        Details = details,
        At = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero),
    };

    public static async Task<byte[]> ExportAsync(Func<IAsyncEnumerable<AuditEntry>, Stream, Task> write, IAuditLog log)
    {
        using var stream = new MemoryStream();
        await write(log.ReadAllAsync(), stream);
        return stream.ToArray();
    }
}

public sealed class AuditExport_WriteCsvAsync
{
    private static async Task<string> CsvAsync(params AuditEvent[] events)
    {
        var bytes = await ExportSamples.ExportAsync((e, s) => AuditExport.WriteCsvAsync(e, s), await ExportSamples.LogAsync(events));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // BOM: spreadsheets then read UTF-8
        return Encoding.UTF8.GetString(bytes.AsSpan(3));
    }

    [Fact]
    public async Task ReturnsHeaderAndOneCrlfTerminatedRowPerEntryGivenEntries()
    {
        var csv = await CsvAsync(ExportSamples.Event("e1"), ExportSamples.Event("e2", target: null));

        var lines = csv.Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal("seq,eventId,at,requestId,instanceId,actor,event,action,target,outcome,details,prevHash,hash", lines[0]);
        Assert.StartsWith("1,e1,2026-11-26T09:30:00.0000000+00:00,req-1,,alice@acme.com,step_succeeded,password_reset,tom@acme.com,ok,,0000", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,e2,", lines[2], StringComparison.Ordinal);
        Assert.Contains(",password_reset,,ok,", lines[2], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Fact]
    public async Task ReturnsRfc4180QuotedFieldGivenCommaQuoteOrLineBreak()
    {
        var csv = await CsvAsync(ExportSamples.Event("e1", details: "said \"hi\", then\r\nleft"));

        Assert.Contains(",ok,\"said \"\"hi\"\", then\r\nleft\",", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1 415 555 0123", "'+1 415 555 0123")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("a=b", "a=b")]
    public async Task ReturnsQuotePrefixedCellGivenFormulaLikeText(string details, string expectedCell)
    {
        var csv = await CsvAsync(ExportSamples.Event("e1", details: details));

        Assert.Contains(",ok," + expectedCell + ",", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsUtf8TextGivenNonAsciiValues()
    {
        var csv = await CsvAsync(ExportSamples.Event("e1", details: "Noa Levi — 日本 ✓", actor: "système"));

        Assert.Contains(",système,", csv, StringComparison.Ordinal);
        Assert.Contains(",Noa Levi — 日本 ✓,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnsHeaderOnlyGivenNoEntries()
    {
        var csv = await CsvAsync();

        Assert.Equal("seq,eventId,at,requestId,instanceId,actor,event,action,target,outcome,details,prevHash,hash\r\n", csv);
    }

    [Fact]
    public async Task LeavesStreamOpenGivenCallerOwnsIt()
    {
        using var stream = new MemoryStream();
        await AuditExport.WriteCsvAsync((await ExportSamples.LogAsync(ExportSamples.Event("e1"))).ReadAllAsync(), stream);

        Assert.True(stream.CanWrite);
    }
}

public sealed class AuditExport_WriteJsonLinesAsync
{
    [Fact]
    public async Task ReturnsOneJsonObjectPerLineThatReverifiesGivenEntries()
    {
        var log = await ExportSamples.LogAsync(
            ExportSamples.Event("e1", details: "line1\nline2 \"quoted\" & <b>"),
            ExportSamples.Event("e2", target: null),
            ExportSamples.Event("e3", details: "=cmd"));

        var bytes = await ExportSamples.ExportAsync((e, s) => AuditExport.WriteJsonLinesAsync(e, s), log);

        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal(string.Empty, lines[3]);
        var parsed = lines[..3].Select(l => JsonSerializer.Deserialize<AuditEntry>(l, JsonSerializerOptions.Web)!).ToList();
        var original = new List<AuditEntry>();
        await foreach (var e in log.ReadAllAsync())
        {
            original.Add(e);
        }

        Assert.Equal(original, parsed);
        Assert.Equal(new AuditVerification(true, 3, null), await AuditHash.VerifyAsync(parsed.ToAsyncEnumerable()));
    }

    [Fact]
    public async Task ReturnsCamelCaseFieldsWithNullsGivenSparseEntry()
    {
        var log = await ExportSamples.LogAsync(ExportSamples.Event("e1", target: null));

        var line = Encoding.UTF8.GetString(await ExportSamples.ExportAsync((e, s) => AuditExport.WriteJsonLinesAsync(e, s), log)).TrimEnd('\n');

        Assert.StartsWith("{\"seq\":1,\"eventId\":\"e1\",\"at\":\"2026-11-26T09:30:00.0000000+00:00\",\"requestId\":\"req-1\",\"instanceId\":null,\"actor\":\"alice@acme.com\",\"event\":\"step_succeeded\",\"action\":\"password_reset\",\"target\":null,\"outcome\":\"ok\",\"details\":null,\"prevHash\":\"0000", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsInChunksGivenLongTrail()
    {
        var log = new InMemoryAuditLog();
        for (var i = 0; i < 2_000; i++)
        {
            await log.AppendAsync(ExportSamples.Event($"e{i}", details: new string('x', 100)));
        }

        var stream = new CountingStream();
        await AuditExport.WriteJsonLinesAsync(log.ReadAllAsync(), stream);

        Assert.True(stream.Writes > 5, $"expected several chunked writes, got {stream.Writes}");
        Assert.Equal(2_000, Encoding.UTF8.GetString(stream.ToArray()).Count(c => c == '\n'));
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
