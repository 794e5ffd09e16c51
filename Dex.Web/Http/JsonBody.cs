using System.Text.Json;
using Dex.Core;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Http;

/// <summary>Reads a JSON request body; anything unreadable is a 4xx error envelope, never an exception.</summary>
public static class JsonBody
{
    /// <param name="shape">What to send, for the error message, e.g. <c>{"requester","text"}</c>.</param>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, string shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, DexJson.Options, cancellationToken), null);
        }
        catch (JsonException)
        {
            return (default, ApiErrors.BadRequest("invalid_json", $"The body is not valid JSON. Send {shape}."));
        }
        catch (BadHttpRequestException e)
        {
            return (default, ApiErrors.Of(e.StatusCode, "bad_request", "The request body could not be read (too large?)."));
        }
    }
}
