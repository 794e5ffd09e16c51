using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Dex.Core.Requests;

namespace Dex.Core.Intake;

/// <summary>Why a message was refused; the HTTP edge turns it into a status code.</summary>
public enum RejectionKind
{
    /// <summary>The message is malformed or names someone who is not in the directory.</summary>
    Invalid,

    /// <summary>The requester may not ask (a disabled account).</summary>
    Forbidden,

    /// <summary>An attachment is over the size limit.</summary>
    TooLarge,

    /// <summary>The requester sent more messages than the rate limit allows; nothing was started.</summary>
    TooManyRequests,
}

/// <summary>A refused message: a stable machine code and a sentence for the person who sent it.</summary>
public sealed record Rejection(RejectionKind Kind, string Code, string Message);

/// <summary>A message taken in: the request it started (or already had), and the first reply.</summary>
public sealed record MessageAccepted(
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("status")] RequestStatus Status,
    [property: JsonPropertyName("statusUrl")] string StatusUrl,
    [property: JsonPropertyName("reply")] string Reply);

/// <summary>What intake concluded: exactly one of <see cref="Accepted"/> and <see cref="Rejected"/>.</summary>
public sealed record IntakeResult(MessageAccepted? Accepted, Rejection? Rejected)
{
    [MemberNotNullWhen(true, nameof(Accepted))]
    [MemberNotNullWhen(false, nameof(Rejected))]
    public bool IsAccepted => Accepted is not null;

    public static IntakeResult Accept(MessageAccepted accepted) => new(accepted, null);

    public static IntakeResult Reject(RejectionKind kind, string code, string message) => new(null, new Rejection(kind, code, message));

    public static IntakeResult Invalid(string code, string message) => Reject(RejectionKind.Invalid, code, message);
}
