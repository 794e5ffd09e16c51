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

    /// <summary>
    /// A message from a person signed in to Dex itself (Dex.Local's console in Live mode): the requester is the signed-in
    /// user. A body naming someone else is refused rather than silently rewritten, so a caller learns it cannot act as them.
    /// </summary>
    public async Task<IResult> PostAsSignedInAsync(HttpRequest request, string signedInUpn, CancellationToken cancellationToken)
    {
        var (message, error) = await JsonBody.ReadAsync<IncomingMessage>(request, "{\"id\",\"channel\",\"requester\",\"text\"}", cancellationToken);
        if (error is not null || message is null)
        {
            return error ?? ApiErrors.BadRequest("invalid_json", "The body must be a JSON object {\"id\",\"channel\",\"text\"}.");
        }

        if (!string.IsNullOrWhiteSpace(message.Requester) && !string.Equals(message.Requester.Trim(), signedInUpn, StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Of(StatusCodes.Status403Forbidden, "requester_mismatch", $"You are signed in as {signedInUpn}; a message cannot name another requester. Leave \"requester\" out or set it to your own account.");
        }

        return ToResult(await intake.AcceptAsync(message with { Requester = signedInUpn }, cancellationToken));
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
