using System.Text.Json.Serialization;
using Dex.Core.Intake;
using Microsoft.AspNetCore.Http;

namespace Dex.Web.Http;

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

    /// <summary>A refused message at the edge: the envelope with the status its kind means.</summary>
    public static IResult From(Rejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return Of(StatusOf(rejection.Kind), rejection.Code, rejection.Message);
    }

    public static int StatusOf(RejectionKind kind) => kind switch
    {
        RejectionKind.Forbidden => StatusCodes.Status403Forbidden,
        RejectionKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RejectionKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
