using System.Diagnostics;
using Dex.Web.Http;
using OpenTelemetry;

namespace Dex.Functions;

/// <summary>
/// Rewrites every span before export so Application Insights sees approval and credential routes with the token
/// replaced (<see cref="UrlRedaction"/>): the display name and every string tag (url.full, url.path, http.target, ...).
/// The host's own request telemetry (category Host.Results) is off in host.json for the same reason.
/// </summary>
internal sealed class TokenRedactionProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = UrlRedaction.Redact(data.DisplayName);
        if (!string.Equals(name, data.DisplayName, StringComparison.Ordinal))
        {
            data.DisplayName = name;
        }

        List<KeyValuePair<string, string>>? changed = null;
        foreach (var tag in data.Tags)
        {
            if (tag.Value is { Length: > 0 } value && UrlRedaction.Redact(value) is var redacted && !string.Equals(redacted, value, StringComparison.Ordinal))
            {
                (changed ??= []).Add(new(tag.Key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }
    }
}
