using Dex.Core;
using Dex.Core.Notifications;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Local;

/// <summary><c>GET /api/local/outbox?recipient=</c>, local host only: what would have been sent to a person.</summary>
public sealed class OutboxEndpoints(IOutbox outbox)
{
    public IResult Get(string? recipient) =>
        string.IsNullOrWhiteSpace(recipient)
            ? ApiErrors.BadRequest("missing_recipient", "Name whose notifications to show: /api/local/outbox?recipient=<upn>.")
            : Results.Json(new { recipient, notifications = outbox.For(recipient) }, DexJson.Options);
}
