using System.Text.Json;
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
        ArgumentNullException.ThrowIfNull(request);
        IncomingMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<IncomingMessage>(request.Body, DexJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("invalid_json", "The body is not valid JSON. Send {\"id\",\"channel\",\"requester\",\"text\"}.");
        }
        catch (BadHttpRequestException e)
        {
            return ApiErrors.Of(e.StatusCode, "bad_request", "The request body could not be read (too large?).");
        }

        return ToResult(await intake.AcceptAsync(message, cancellationToken));
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
