using System.Globalization;

namespace Dex.GraphEmulator.Http;

/// <summary>Thrown by handlers to answer with Graph's error envelope.</summary>
internal sealed class GraphError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyList<(string Target, string Code, string Message)> Details { get; init; } = [];

    public static GraphError NotFound(string id) =>
        new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    public static GraphError BadRequest(string message) => new(400, "Request_BadRequest", message);

    public static GraphError InvalidId(string id) => new(400, "Request_BadRequest", $"Invalid object identifier '{id}'.");

    public static EmuResponse ToResponse(int status, string code, string message, EmuRequest? req, IReadOnlyList<(string Target, string Code, string Message)>? details = null) =>
        EmuResponse.Json(status, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            if (details is { Count: > 0 })
            {
                w.WriteStartArray("details");
                foreach (var d in details)
                {
                    w.WriteStartObject();
                    w.WriteString("code", d.Code);
                    w.WriteString("message", d.Message);
                    w.WriteString("target", d.Target);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartObject("innerError");
            w.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("request-id", req?.RequestId ?? Guid.NewGuid().ToString());
            w.WriteString("client-request-id", req?.ClientRequestId ?? req?.RequestId ?? Guid.NewGuid().ToString());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
}
