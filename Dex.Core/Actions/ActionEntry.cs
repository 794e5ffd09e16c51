namespace Dex.Core.Actions;

/// <summary>Whom an action acts on.</summary>
public enum ActionTarget
{
    /// <summary>One person, resolved in the directory ("me", a UPN or a name).</summary>
    Person,

    /// <summary>One person or a list of people (bulk).</summary>
    PersonOrList,

    /// <summary>The address of an account that does not exist yet: never looked up.</summary>
    NewAccount,

    /// <summary>No particular person.</summary>
    None,
}

/// <summary>How an action carries Graph properties.</summary>
public enum FieldsShape
{
    None,

    /// <summary>In a <c>fields</c> object (property → new value).</summary>
    Nested,

    /// <summary>As top-level arguments (create_user's profile, search_users' criteria).</summary>
    TopLevel,
}

/// <summary>A guardrail for targets holding privileged directory roles; not configurable by policy.</summary>
public enum PrivilegedTargetRule
{
    Allowed,

    /// <summary>Only a Global or Privileged Authentication Administrator may act on a privileged target.</summary>
    CredentialAdminsOnly,

    /// <summary>Never for a privileged target.</summary>
    Never,
}

/// <summary>One scalar parameter of an action, as the catalogue and the tool schema name it.</summary>
public sealed record ActionParameter(string Key, string Description, bool Required = false);

/// <summary>An action's catalogue entry (DESIGN §4): what it is called, what it may carry, whom it acts on.</summary>
public sealed record ActionEntry
{
    public required string Name { get; init; }

    /// <summary>What it does, for the model's tool definition.</summary>
    public required string Description { get; init; }

    public ActionTarget Target { get; init; } = ActionTarget.Person;

    /// <summary>Overrides the standard description of the <c>target</c> argument.</summary>
    public string? TargetDescription { get; init; }

    /// <summary>Only reads the directory.</summary>
    public bool ReadOnly { get; init; }

    public IReadOnlyList<ActionParameter> Parameters { get; init; } = [];

    /// <summary>Parameter keys set by Dex from the message itself (never by the model), e.g. the attachment.</summary>
    public IReadOnlySet<string> MessageParameters { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Parameter keys planning sets for execution only (directory ids, content types): never in the public view of a step.</summary>
    public IReadOnlySet<string> InternalParameters { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public FieldsShape FieldsShape { get; init; } = FieldsShape.None;

    /// <summary>Graph properties the action may carry (see <see cref="FieldsShape"/>).</summary>
    public IReadOnlySet<string> Fields { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The key the fields appear under in the public view of a step.</summary>
    public string PublicFieldsKey { get; init; } = "fields";

    public PrivilegedTargetRule PrivilegedTarget { get; init; } = PrivilegedTargetRule.Allowed;

    /// <summary>Every parameter key the action may carry (model-proposed or from the message).</summary>
    public IReadOnlySet<string> ParameterKeys => new HashSet<string>(Parameters.Select(p => p.Key).Concat(MessageParameters), StringComparer.Ordinal);

    public bool Targeted => Target is not ActionTarget.None;
}
