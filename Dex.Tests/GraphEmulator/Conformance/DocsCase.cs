namespace Dex.Tests.GraphEmulator.Conformance;

/// <summary>
/// One example of Microsoft's Graph v1.0 reference, as our own data: the request (placeholders such as
/// <c>{user:tom}</c> resolve against the sample tenant) and the shape of the documented answer: status,
/// property names that must be present, and the <c>@odata.type</c> of the object or of each collection item.
/// </summary>
public sealed record DocsCase(string Name, string Method, string Url, int Status)
{
    public string? Body { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Bytes { get; init; }

    /// <summary>Requests run first (e.g. upload a photo before reading it).</summary>
    public IReadOnlyList<DocsCase> Setup { get; init; } = [];

    /// <summary>Property names of the answer (or of each item of "value").</summary>
    public IReadOnlyList<string> Props { get; init; } = [];

    public string? ODataType { get; init; }

    /// <summary>Answer is a collection: "value" array (and "@odata.context").</summary>
    public bool Collection { get; init; }

    /// <summary>Error code expected in error.code (4xx cases).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Send ConsistencyLevel: eventual.</summary>
    public bool Eventual { get; init; }

    public override string ToString() => Name;
}
