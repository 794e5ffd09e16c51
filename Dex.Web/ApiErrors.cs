using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Dex.Web;

public sealed record ApiError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

public sealed record ApiErrorEnvelope([property: JsonPropertyName("error")] ApiError Error);

/// <summary>The one error shape of the HTTP API: <c>{"error":{"code","message"}}</c>, 4xx for the caller's mistakes.</summary>
public static class ApiErrors
{
    public static IResult Of(int status, string code, string message)
        => Results.Json(new ApiErrorEnvelope(new ApiError(code, message)), statusCode: status);

    public static IResult BadRequest(string code, string message) => Of(StatusCodes.Status400BadRequest, code, message);

    public static IResult NotFound(string code, string message) => Of(StatusCodes.Status404NotFound, code, message);
}
