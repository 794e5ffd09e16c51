using Dex.Core;
using Dex.Core.Intake;
using Dex.Core.Requests;
using Dex.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Messages;

/// <summary><c>POST /api/messages</c> once its signature (if any) is checked: the JSON body into <see cref="MessageIntake"/>.</summary>
public sealed class MessageEndpoints(MessageIntake intake)
{
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (message, error) = await JsonBody.ReadAsync<IncomingMessage>(request, "{\"id\",\"channel\",\"requester\",\"text\"}", cancellationToken);
        return error ?? ToResult(await intake.AcceptAsync(message, cancellationToken));
    }

    /// <summary>202 with the accepted request, or the error envelope of the rejection.</summary>
    public static IResult ToResult(IntakeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsAccepted
            ? Results.Json(result.Accepted, DexJson.Options, statusCode: StatusCodes.Status202Accepted)
            : ApiErrors.From(result.Rejected);
    }
}
