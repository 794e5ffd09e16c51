using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dex.Core;

/// <summary>The JSON of Dex's API and of the request views the workflow publishes.</summary>
public static class DexJson
{
    /// <summary>Web defaults; relaxed escaping keeps "+1 415…" and quotes readable in replies (responses are application/json, never HTML).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
