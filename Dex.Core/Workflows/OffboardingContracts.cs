using System.Text.Json.Serialization;
using Dex.Core.Actions.OffboardUser;

namespace Dex.Core.Workflows;

/// <summary>What became of one change of an offboarding.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OffboardChangeStatus>))]
public enum OffboardChangeStatus
{
    /// <summary>Changed now.</summary>
    Done,

    /// <summary>Found already in the wanted state (by an earlier attempt, or before offboarding).</summary>
    Already,

    /// <summary>Deliberately not done (a dynamic group), and said why.</summary>
    Skipped,

    Failed,
}

/// <summary>One change of an offboarding and its result; <paramref name="Transient"/> marks a failure worth another try.</summary>
public sealed record OffboardChange(string Change, OffboardChangeStatus Status, string Message, bool Transient = false)
{
    /// <summary>The wire words the request view uses for step items.</summary>
    public string Word => Status switch
    {
        OffboardChangeStatus.Done => "done",
        OffboardChangeStatus.Already => "already",
        OffboardChangeStatus.Skipped => "skipped",
        _ => "failed",
    };
}

/// <summary>The leaver, the request offboarding them and who asked: the same for every activity of one offboarding.</summary>
public sealed record OffboardTarget(string RequestId, string UserId, string UserPrincipalName, string DisplayName, string Requester);

/// <summary>Input of each offboarding activity: the leaver, the items it acts on (groups, an app, licences), when planning read the directory.</summary>
public sealed record OffboardChangeInput(OffboardTarget Target, IReadOnlyList<RadiusItem> Items, DateTimeOffset PlannedAt, DateTimeOffset At);

/// <summary>Input of <see cref="OffboardingWorkflow"/>: one approved offboard_user step of a request.</summary>
public sealed record OffboardingInput(OffboardTarget Target, int StepIndex, string Summary, OffboardingRadius Radius);

/// <summary>The deletion timer of an offboarded account (instance id <see cref="AccountDeletionWorkflow.InstanceIdFor"/>).</summary>
public sealed record AccountDeletionInput(OffboardTarget Target, DateTimeOffset DeleteAt);

/// <summary>Raised on an account's deletion timer to cancel it (an admin's "cancel the deletion of tom" or "restore tom").</summary>
public sealed record AccountDeletionSignal(string RequestId, string By)
{
    public const string EventName = "CancelAccountDeletion";
}

/// <summary>Input of the cancel_deletion step: the account by address (a deleted account is not in the directory to resolve).</summary>
public sealed record CancelDeletionInput(string RequestId, int StepIndex, string UserPrincipalName, string By, DateTimeOffset At);
