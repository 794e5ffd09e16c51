namespace Dex.Core.Understanding;

/// <summary>Word lists of the rule parser.</summary>
internal static class RuleLexicon
{
    /// <summary>Keywords a misspelt word may be repaired to (edit distance 1, or 2 for long words).</summary>
    public static readonly string[] Keywords =
    [
        "password", "passwords", "reset", "unlock", "unblock", "account", "accounts", "group", "groups",
        "member", "members", "membership", "profile", "picture", "photo", "mobile", "office", "phone",
        "number", "department", "create", "remove", "access", "request", "locked", "disabled", "enable",
        "authenticator", "belongs", "belong", "search", "update", "change", "security", "location", "title",
        "manager", "credentials", "discover", "discovery", "directory", "please", "sign-in", "signin",
        "reenable", "re-enable", "users", "employee", "people", "which", "whether", "finance", "engineering",
        "support", "risky", "flagged", "blocked", "multi-factor", "two-factor", "factor", "generate",
        "strong", "login", "show", "every", "entra", "microsoft", "delete", "approver", "licenses",
        "unlocked", "options", "setup", "authentication", "methods",
    ];

    /// <summary>The keywords as a set (they are never repaired themselves).</summary>
    public static readonly HashSet<string> KeywordSet = new(Keywords, StringComparer.Ordinal);

    /// <summary>Real words close to a keyword that must not be "repaired".</summary>
    public static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "looked", "chance", "unable", "charge", "changed", "changes", "resets", "resetting", "unlocks",
        "unlocking", "blocked", "unblocked", "enabled", "disabled", "removed", "created", "updated", "requested",
        "accounts", "groups", "members", "photos", "offices", "phones", "numbers", "locked", "users", "groups",
        "profiles", "titles", "pictures", "managers", "belongs", "belonged", "searches", "enables", "address",
        "access", "process", "success", "recess", "employees", "employer", "updates", "request", "requests",
        "number", "members", "remember", "member", "reset", "there", "their", "these", "those", "where",
        "which", "while", "whose", "phone", "photo", "stock", "clock", "block", "blocks", "flock", "unblock",
        "mobile", "nobile", "office", "officer", "titled", "title", "tile", "group", "grout", "profile", "search",
        "security", "secure", "please", "pleased", "pleases", "lease", "release", "create", "credit", "credentials",
        "manager", "managed", "manage", "engineer", "engineers", "engineering", "finance", "financial", "support",
        "supports", "risky", "risks", "flagged", "tagged", "strong", "string", "login", "logins", "logout",
        "every", "entra", "delete", "deleted", "deletes", "enable", "reenable", "director", "directory",
        "discover", "discovery", "location", "locations", "local", "generate", "generated", "approve",
        "approver", "approvers", "license", "licenses", "licence", "licences", "options", "option", "setup",
        "settings", "method", "methods", "authentication", "authenticate", "authenticated", "unlocked",
        "account", "password", "passwords", "passport", "department", "departments", "picture", "change",
        "update", "remove", "mover", "moved", "moves", "removes", "request", "whether", "weather", "people",
        "users", "user", "factor", "factors", "show", "shows", "shown", "showed", "access", "accessed",
        "searching", "research", "researcher", "email", "emails", "about", "again", "after", "today",
        "thanks", "thank", "hello", "right", "sales", "team", "teams", "admin", "admins", "marketing",
        "signin", "sign-in", "belong", "employee", "microsoft", "stated", "state", "sales", "alice", "david",
        "maria", "sarah", "kevin", "priya", "smith", "carter", "baker", "novak", "garcia", "cohen", "haddad",
        "patel", "martin", "levi", "wong", "helpdesk", "reason", "season", "lock", "locks", "locker",
        "disable", "deactivate", "display", "should", "would", "could", "shared", "share", "phones", "office",
    };

    /// <summary>Common misspellings and shorthands mapped outright.</summary>
    public static readonly Dictionary<string, string> TypoMap = new(StringComparer.Ordinal)
    {
        ["pw"] = "password", ["pwd"] = "password", ["passwd"] = "password", ["pasword"] = "password",
        ["passowrd"] = "password", ["pssword"] = "password", ["paswd"] = "password", ["passwrd"] = "password",
        ["pls"] = "please", ["plz"] = "please", ["acct"] = "account", ["acc"] = "account", ["grp"] = "group",
        ["grop"] = "group", ["gruop"] = "group", ["groop"] = "group", ["reste"] = "reset",
        ["rset"] = "reset", ["unlok"] = "unlock", ["unlcok"] = "unlock", ["ulock"] = "unlock",
        ["mfas"] = "mfa", ["fone"] = "phone", ["fon"] = "phone",
        ["mobil"] = "mobile", ["ofice"] = "office", ["offce"] = "office", ["membr"] = "member",
        ["memebers"] = "members", ["memebr"] = "member", ["whos"] = "who's", ["wich"] = "which", ["whcih"] = "which",
        ["pic"] = "picture", ["pfp"] = "profile picture", ["creds"] = "credentials", ["usr"] = "user",
        ["addd"] = "add", ["dept"] = "department", ["deptartment"] = "department",
        ["sigin"] = "sign-in", ["locekd"] = "locked", ["lockd"] = "locked",
        ["accnt"] = "account", ["accout"] = "account", ["mfaa"] = "mfa", ["reenable"] = "re-enable",
    };

    /// <summary>Words that never start or continue a person's name.</summary>
    public static readonly HashSet<string> NotName = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "them", "him", "her", "his", "hers",
        "he", "she", "they", "their", "theirs", "me", "i", "my", "mine", "myself", "we", "us", "our", "you",
        "your", "to", "from", "in", "into", "on", "onto", "of", "for", "and", "or", "with", "without", "by",
        "at", "as", "about", "please", "pls", "now", "again", "so", "because", "since", "all", "every", "any",
        "some", "each", "both", "locked", "out", "up", "back", "too", "also", "then", "has", "have", "had",
        "got", "just", "already", "asap", "today", "immediately", "is", "are", "was", "were", "be", "been",
        "can", "could", "would", "should", "will", "may", "might", "must", "do", "does", "did", "not", "no",
        "user", "users", "account", "accounts", "password", "passwords", "group", "groups", "team", "teams",
        "mfa", "profile", "access", "sign-in", "signin", "sign", "login", "members", "member", "membership",
        "new", "one", "ones", "list", "following", "named", "called", "there", "here", "who", "whom", "which",
        "what", "whether", "if", "reset", "unlock", "unblock", "add", "remove", "kick", "put", "grant", "give",
        "request", "create", "show", "check", "find", "search", "update", "change", "set", "view", "enable",
        "re-enable", "disable", "department", "dept", "office", "phone", "mobile", "number", "job", "title",
        "photo", "picture", "security", "m365", "microsoft", "entra", "azure", "ad", "id", "guy", "person",
        "employee", "colleague", "intern", "contractor", "someone", "somebody", "everyone", "everybody",
        "people", "folks", "boss", "manager", "admin", "admins", "thanks", "thank", "hi", "hello", "hey", "dex",
        "ok", "okay", "yes", "can't", "cannot", "cant", "won't", "isn't", "doesn't", "don't", "again",
        "authenticator", "app", "apps", "application", "role", "roles", "details", "info", "information",
        "their", "credentials", "temporary", "initial", "let", "get", "make", "sure", "when", "where", "how",
        "why", "yet", "still", "only", "even", "sales", "finance", "marketing", "it", "r&d", "hr", "engineering",
        "i'm", "im", "i've", "ive", "i'd", "he's", "she's", "they're", "risky", "risk", "blocked", "disabled",
        "enabled", "locked-out", "status", "state", "account's", "user's", "new", "current", "other",
        "another", "same", "whole", "entire", "everyone's", "anyone", "nobody", "none", "right", "left",
        "clear", "wipe", "delete", "fix", "dismiss", "block", "edit", "use", "upload", "generate", "send", "take",
        "revoke", "list", "display", "tell", "see", "lookup", "verify", "confirm", "move", "promote", "modify",
        "reactivate", "provision", "onboard", "approve", "deny", "unlock", "need", "needs", "wants", "want",
    };

    /// <summary>Well-known SaaS products: "access to Salesforce" is an enterprise app, not a group.</summary>
    public static readonly HashSet<string> KnownApps = new(StringComparer.OrdinalIgnoreCase)
    {
        "Salesforce", "GitHub", "GitHub Enterprise", "Slack", "Zoom", "ServiceNow", "Workday", "Jira", "Confluence",
        "Atlassian", "AWS", "AWS Console", "Dropbox", "Box", "Adobe", "Adobe Creative Cloud", "DocuSign", "Zendesk",
        "Tableau", "Snowflake", "Figma", "Miro", "Notion", "HubSpot", "SAP", "SAP Concur", "Concur", "Okta",
        "Google Workspace", "Asana", "Trello", "Power BI", "Databricks",
    };
}
