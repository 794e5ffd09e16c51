using System.Text.RegularExpressions;

namespace Dex.Core.Understanding;

/// <summary>The patterns of the rule parser (source-generated; all case-insensitive unless marked (?-i:)).</summary>
public sealed partial class RuleBasedUnderstanding
{
    private const RegexOptions I = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private const string EmailP = @"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}";

    private const string PersonP = @"(?:(?:his|her|their|my)\s+(?:line\s+)?manager,?\s+(?=" + EmailP + @"|(?-i:[A-Z])))?(?<v>""[^""]+""|" + EmailP + @"|me\b|myself\b|(?:his|her|their|my)\s+manager\b|(?!(?:in|at|on|of|for|and|with|the|a|an|is)\b)[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*){0,2})";

    private const string FieldsP =
        @"mobile\s+phone\s+number|mobile\s+phone|mobile\s+number|cell\s*phone|cell\s+number|mobile|cell|phone\s+number|" +
        @"business\s+phone\s+number|business\s+phones?|work\s+phone\s+number|work\s+phone|office\s+phone\s+number|office\s+phone|desk\s+phone|work\s+number|office\s+number|landline|business\s+number|phone|" +
        @"office\s+location|usage\s+location|desk\s+location|office|location|job\s*title|title|position|department|dept|division|" +
        @"display\s*name|full\s+name|first\s+name|given\s*name|last\s+name|surname|family\s+name|name|upn|user\s*principal\s*name|" +
        @"e-?mail\s+address|e-?mail|employee\s*id|employee\s+type|company\s+name|company|city|country|street\s+address|address|" +
        @"postal\s+code|zip\s+code|zip|preferred\s+language|language|password\s*polic(?:y|ies)|account\s*enabled|fax\s+number|fax";

    private const string StopP =
        @"(?=\s*(?:[,;]|$|(?<!\b(?-i:[A-Z]))\.(?:\s|$)|\s+and\s+(?:(?:my|his|her|their|the|its|also|set|change|update)\s+)?(?:" + FieldsP + @")\b|" +
        @"\s+(?:and\s+)?(?:for|of)\s+(?:" + EmailP + @"|me\b|him\b|her\b|them\b|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s*$|[a-z][\w'-]*\s*$)|" +
        @"\s+(?:please|pls|asap|thanks|thank\s+you|today|starting|effective|thx)\b))";

    private const string ValueP = @"(?<v>""[^""]+""|[^,;""]+?)" + StopP;

    [GeneratedRegex(EmailP)]
    private static partial Regex Email();

    [GeneratedRegex(@"^(?:(?:and|also|then|plus|so|but|oh|ok|okay|hi|hello|hey|dex|yo|please|pls|kindly|can\s+you|could\s+you|would\s+you|will\s+you|can\s+u|could\s+u|i\s+need\s+you\s+to|i'd\s+like\s+you\s+to|i\s+want\s+you\s+to|go\s+ahead\s+and)\b\s*[,!:]?\s*)+", I)]
    private static partial Regex Lead();

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+)?(?:(?:the|your|any|previous|prior|above|earlier|preceding|system|safety)\s+)*(?:instructions?|prompts?|rules?|guardrails?|polic(?:y|ies)|checks?)\b|\b(?:you\s+are\s+now|act\s+as|pretend\s+(?:to\s+be|you\s+are)|developer\s+mode|jailbreak|system\s+prompt|without\s+(?:any\s+)?approvals?)\b", I)]
    private static partial Regex Injection();

    [GeneratedRegex(@"\b(?:make|promote|elevate|escalate|upgrade)\s+(?:me|myself|\S+)\s+(?:to\s+)?(?:an?\s+|the\s+)?(?:\w+\s+){0,2}admin(?:istrator)?s?\b|\b(?:give|grant|assign)\s+(?:me|myself|\S+)\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,2}(?:admin(?:istrator)?|roles?)\b|\b(?:assign|grant|activate|elevate)\b.*\broles?\b|\bpim\b", I)]
    private static partial Regex RoleEscalation();

    [GeneratedRegex(@"\b(?:add|put|make|give|grant|assign|promote|elevate|include|enrol+|join|request|need|want|set|move|activate)\b", I)]
    private static partial Regex GrantVerb();

    [GeneratedRegex(@"\b(?:delete|deprovision|terminate|offboard|destroy|purge|erase)\b|\bremove\s+(?:the\s+)?(?:user|account)\b", I)]
    private static partial Regex DeleteUser();

    [GeneratedRegex(@"\b(?:from|out\s+of|off)\b", I)]
    private static partial Regex FromOrOutOf();

    [GeneratedRegex(@"\b(?:assign|give|add|remove|revoke|reclaim|take|buy|purchase|allocate|grant|need|want)\b.*\blicen[cs]es?\b", I)]
    private static partial Regex LicenceChange();

    [GeneratedRegex(@"\b(?:create|make|set\s+up|delete|remove|rename|archive)\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?(?:security\s+|m365\s+|microsoft\s+365\s+|teams\s+|distribution\s+)?(?:group|team|distribution\s+list)\b", I)]
    private static partial Regex CreateGroup();

    [GeneratedRegex(@"\b(?:make|add|set|transfer|assign|change)\b.*\bowners?(?:hip)?\b", I)]
    private static partial Regex GroupOwner();

    [GeneratedRegex(@"\b(?:create|creat|provision|set\s*up|setup)\b.{0,40}?\b(?:user|account|employee|identity|login|mailbox)\b|\bonboard(?:ing)?\b|\b(?:add|make|open|register)\s+(?:an?\s+)?new\s+(?:entra\s+(?:id\s+)?|azure\s+ad\s+|aad\s+|m365\s+)?(?:user|account|employee|hire|starter|joiner)\b|\bnew\s+(?:hire|starter|joiner|employee)\b", I)]
    private static partial Regex CreateUser();

    [GeneratedRegex(@"\b(?:(?:his|her|their|the|whose)\s+)?(?:line\s+)?manager(?:\s+(?:is|will\s+be|should\s+be)|\s*[:=])\s+" + PersonP + @"|\bmanager\s+(?<v>" + EmailP + @")|\b(?:reports?|reporting)\s+(?:in\s+)?to\s+" + PersonP + @"|\bmanaged\s+by\s+" + PersonP, I)]
    private static partial Regex Manager();

    [GeneratedRegex(@"\b(?:send|sent|deliver|email|e-mail|mail|give|share|forward|text|dm)\s+(?:the\s+|their\s+|his\s+|her\s+|my\s+|a\s+)?(?:new\s+|initial\s+|temporary\s+|temp\s+|first\s+|one-time\s+)?(?:credentials|credential|password|passwords|login(?:\s+details)?|details|sign-in\s+details|link|it|them|creds)\s+(?:directly\s+|securely\s+)?(?:over\s+)?to\s+" + PersonP + @"|\b(?:credentials|password)\s+(?:should\s+)?(?:go(?:es)?|sent|delivered)\s+to\s+" + PersonP, I)]
    private static partial Regex SendTo();

    [GeneratedRegex(@"(?:^|,)\s*(?<v>(?-i:[A-Z])[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+)?)\s*(?=,|$)", I)]
    private static partial Regex BareSegment();

    [GeneratedRegex(@"^(?:unblock|unlock|re-?enable|fix|do\s+it|help|go\s+ahead|sort\s+it\s+out)(?:\s+(?:it|that|this|them|please|asap|now|for\s+(?:me|us)))*\W*$", I)]
    private static partial Regex BareVerb();

    [GeneratedRegex(@"\b(?<who>my|his|her|their)\s+(?<f>office|desk|department|title|job\s+title)\s+(?:has\s+)?(?:moved|changed)\b.*?\b(?:it'?s|it\s+is|is)\s+now\s+" + ValueP, I)]
    private static partial Regex FieldMoved();

    [GeneratedRegex(@"\bas\s+(?:an?\s+|the\s+)?(?<t>[^,;]+?)\s+(?:in|on|at|within|for)\s+(?:the\s+)?(?<d>[^,;]+?)(?:\s+(?:department|dept|team|division|org|group))?(?=\s*(?:[,;]|$|\.(?:\s|$)|\s+(?:and|with|manager|reporting|reports|send|sending|starting|based|office|mobile|cell|phone|usage|located)\b))", I)]
    private static partial Regex AsTitleInDepartment();

    [GeneratedRegex(@"\b(?:in|into|for|to)\s+(?:the\s+)?(?<v>[\w&-]+(?:\s+[\w&-]+)?)\s+(?:department|dept|division)\b|\b(?:in|into|joining)\s+(?:the\s+)?(?<v>(?-i:[A-Z])[\w&-]*)(?=\s*(?:,|$|\s+as\b))|\b(?:department|dept)\s*(?:is|:|=|of)?\s+(?<v>""[^""]+""|[\w&-]+(?:\s+(?-i:[A-Z])[\w&-]+)?)", I)]
    private static partial Regex InDepartment();

    [GeneratedRegex(@"\b(?:job\s*title|title|position|role)\s*(?:is|:|=|of|as)?\s+" + ValueP + @"|\bas\s+(?:an?\s+)?(?<v>(?-i:[A-Z])[\w&/-]*(?:\s+(?-i:[A-Z])[\w&/-]*){0,3})", I)]
    private static partial Regex AsTitle();

    [GeneratedRegex(@"\b(?:office(?:\s+location)?|located|based|sits?|sitting|desk)\s*(?:is|:|=|in|at|out\s+of)?\s+(?:in\s+|at\s+)?(?:the\s+)?" + ValueP, I)]
    private static partial Regex OfficeIn();

    [GeneratedRegex(@"\bfor\s+(?<v>(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){1,2})\s*[(<,]\s*(?=" + EmailP + ")", I)]
    private static partial Regex NameBeforeEmail();

    [GeneratedRegex(@"\b(?<f>mobile|cell|phone|work\s+phone|office\s+phone|business\s+phone|desk\s+phone)(?:\s+(?:number|phone))?\s*(?:is|:|=|of)?\s*(?<v>\+?\(?\d[\d\s().-]{5,}\d)", I)]
    private static partial Regex CreatePhone();

    [GeneratedRegex(@"\busage\s+location\s*(?:is|:|=|of)?\s+(?<v>[A-Za-z]{2}\b|(?-i:[A-Z])[a-z]+(?:\s+(?-i:[A-Z])[a-z]+)?)", I)]
    private static partial Regex UsageLocation();

    [GeneratedRegex(@"\b(?:named|called|(?<!\bmy\s+)name\s+is|by\s+the\s+name(?:\s+of)?)\s+(?<v>""[^""]+""|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){0,2}|[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)", I)]
    private static partial Regex NamedOrCalled();

    [GeneratedRegex(@"\b(?:locked|disabled|blocked|deactivated|inactive|suspended)(?:[\s-]+out)?\s+(?:entra\s+(?:id\s+)?|azure\s+ad\s+|aad\s+|user\s+|m365\s+)?(?:accounts?|users?|people|employees|logins|ones|identities)\b|\b(?:accounts|users|people|employees|anyone|anybody|who|everyone)\b[^.?]*?\b(?:are|is|were|that\s+are|currently|got|have\s+been|been)\s+(?:currently\s+|still\s+)?(?:locked|disabled|blocked|deactivated)\b|\bwho(?:'s|\s+is|\s+are)\s+(?:currently\s+|still\s+)?(?:locked|disabled)\b|\block(?:ed)?[\s-]?out\s+(?:list|report)\b", I)]
    private static partial Regex LockedList();

    [GeneratedRegex(@"\b(?:unlock|re-?enable|reactivate|re-?activate|unsuspend|un-?suspend|enable)\b|\bunblock\b(?!\s+(?:\S+\s+){0,3}?(?:sign[\s-]?ins?|signin|log[\s-]?ins?|logon))|\bturn\s+(?:\S+\s+){0,3}?back\s+on\b|\brestore\s+(?:\S+\s+){0,2}?(?:account|access)\b", I)]
    private static partial Regex UnlockVerb();

    [GeneratedRegex(@"\block(?:ed)?[\s-]+out\b|\b(?:account|acct)\s+(?:is\s+|got\s+|was\s+|has\s+been\s+)?(?:locked|disabled)\b", I)]
    private static partial Regex LockedOut();

    [GeneratedRegex(@":\s*(?<list>.+)$", I)]
    private static partial Regex ListAfterColon();

    [GeneratedRegex(@"\b(?:the\s+ones|these|those|the\s+following|this\s+list|the\s+list)\b(?:\s+(?:accounts|users|people))?(?:\s+(?:on|in|from|below)(?:\s+(?:this|the|my)\s+list)?)?", I)]
    private static partial Regex BulkWords();

    [GeneratedRegex(@"\b(?:unblock|un-block|allow|restore|re-?enable|fix|clear)\b.{0,40}?\b(?:sign[\s-]?ins?|signin|sign\s+on|log[\s-]?ins?|logon)\b|\b(?:risky|risk|flagged|identity\s+protection|at[\s-]risk)\b|\b(?:sign[\s-]?ins?|signin|log[\s-]?ins?)\s+(?:is\s+|was\s+|got\s+|has\s+been\s+|are\s+|keeps\s+getting\s+)?blocked\b|\bblocked\s+(?:from\s+(?:signing|logging)\s+in|by\s+(?:risk|identity|conditional))\b|\bdismiss\b.{0,30}\brisk|\bconfirm\b.{0,40}\bsafe\b", I)]
    private static partial Regex UnblockSignIn();

    [GeneratedRegex(@"\b(?:set|mark|flip|switch|turn)\b.{0,60}?\baccount\b.{0,40}?\bto\s+(?:(?<on>enabled|active)|(?<off>disabled|inactive))\b|\b(?:set|mark|flip|switch|turn)\b.{0,40}?\baccount\s*enabled\b(?:\s+(?:to|=|:))?\s*(?:(?<on>true|yes|on)|(?<off>false|no|off))?|\baccountEnabled\b\s*(?:to|=|:)?\s*(?:(?<on>true|yes|on)|(?<off>false|no|off))?", I)]
    private static partial Regex SetAccountEnabled();

    [GeneratedRegex(@"\b(?:disable|deactivate|suspend)\b|\bblock\s+(?:sign[\s-]?ins?|signin|log[\s-]?ins?|access)\s+(?:for|of)\b|\bblock\s+(?:\S+?'s\s+)?(?:account|user)\b", I)]
    private static partial Regex DisableAccount();

    [GeneratedRegex(@"\bpass\s?words?\b|\bpasscodes?\b|\bpasswd\b|\bsspr\b|\bcredentials?\b", I)]
    private static partial Regex PasswordWords();

    [GeneratedRegex(@"\bpassword\s*polic(?:y|ies)\b|\bpasswordPolicies\b|\bpassword\s+(?:never\s+)?expir(?:y|es|ation)\b", I)]
    private static partial Regex PasswordPolicy();

    [GeneratedRegex(@"\b(?:mfa|2fa|two[\s-]?factor|2[\s-]?step|two[\s-]?step|multi[\s-]?factor|authenticator|auth\s+app|security\s+info|authentication\s+methods?|auth\s+methods?|otp|verification\s+(?:app|codes?)|second\s+factor)\b", I)]
    private static partial Regex MfaWords();

    [GeneratedRegex(@"\b(?:reset|clear|remove|wipe|delete|re-?register|re-?enroll|set\s*up|setup|redo|revoke|replace|lost|new\s+(?:phone|device|mobile|iphone|android|cell)|fix|broken|reconfigure|register|again|change|switch|move|transfer|stolen|not\s+working|doesn't\s+work|isn't\s+working|can'?t\s+(?:sign|log)|help|reinstall|re-?install|rest|rset)\b", I)]
    private static partial Regex MfaReset();

    [GeneratedRegex(@"\b(?:change|update|set|upload|use|replace|swap|put|add|new|attached|attaching|here'?s|here\s+is)\b.*\b(?:photo|picture|pic|avatar|headshot|image|pfp)\b|\b(?:photo|picture|pic|avatar|headshot|image|pfp)\b.*\b(?:change|update|set|upload|use|replace|swap|attached|new)\b", I)]
    private static partial Regex PhotoWords();

    [GeneratedRegex(@"\b(?:which|what)\s+(?:security\s+|m365\s+|microsoft\s+365\s+|teams\s+)?groups?\s+(?:is|are|am|does|do|did|has|have|(?=\S+@)|i\b)|\bgroups?\s+(?:is|am|are|does|do)\s+|\bgroup\s+memberships?\b|\b(?:my|his|her|their|[A-Za-z][\w'.-]*'s)\s+(?:security\s+|m365\s+)?groups\b|\bwhat\s+(?:am\s+i|is\s+\S+|are\s+\S+)\s+(?:a\s+)?member\s+of\b|\b(?:list|show|get|display|see)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?groups\s+(?:for|of|that)\b|\bgroups\s+(?:for|of)\s+(?=\S+@|me\b)|\bmember\s+of\s+(?:which|what)\b|\bgroups\s+(?:that\s+)?\S+(?:\s+\S+)?\s+(?:is|am|are|belongs?)\s+(?:in|to|a\s+member)\b", I)]
    private static partial Regex UserGroups();

    [GeneratedRegex(@"\bgroups?\s+(?:is|are|am|does|do|has|have)\s+(?<who>.+?)\s+(?:a\s+)?(?:member|members|in|on|belong|belongs|part|got|have|has|sit|sits)\b|\bgroups?\s+(?:for|of|that)\s+(?<who>" + EmailP + @"|me\b|[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)|\bwhat\s+(?:is|are)\s+(?<who>.+?)\s+(?:a\s+)?member\s+of\b|\bgroups\s+(?:that\s+)?(?<who>\S+(?:\s+\S+)?)\s+(?:is|am|are|belongs?)\s+(?:in|to|a\s+member)\b", I)]
    private static partial Regex UserGroupsWho();

    [GeneratedRegex(@"^\s*who\b", I)]
    private static partial Regex StartsWithWho();

    [GeneratedRegex(@"^(?:check\s+|verify\s+|confirm\s+|see\s+|tell\s+me\s+|find\s+out\s+)?(?:if\s+|whether\s+)?(?:is|are|am)\s+(?<who>.+?)\s+(?:already\s+|still\s+|currently\s+|really\s+|actually\s+)?(?:(?:a\s+)?members?\s+of|part\s+of|in|on|inside|within|included\s+in)\s+(?<rest>.+)$|\b(?:check|verify|confirm|see|know)\s+(?:if|whether)\s+(?<who>.+?)\s+(?:is|are|belongs?|sits?)\s+(?:already\s+|still\s+|currently\s+)?(?:(?:a\s+)?members?\s+of|part\s+of|in|on|to)\s+(?<rest>.+)$|\b(?:does|do)\s+(?<who>.+?)\s+(?:belong\s+to|have\s+membership\s+(?:in|of)|sit\s+in)\s+(?<rest>.+)$", I)]
    private static partial Regex CheckMembership();

    [GeneratedRegex(@"\bwho(?:'s|\s+is|\s+are|\s+else\s+is)?\s+(?:all\s+|currently\s+|actually\s+|everyone\s+)?(?:in|on|inside|within|belongs?\s+to|part\s+of|(?:a\s+)?members?\s+of)\s+|\bwho\s+(?:belongs|has\s+access)\s+(?:to\s+)?|\bmembers?(?:hip)?\s+(?:list\s+)?(?:of|in|for)\s+|\bmember\s+list\s+(?:of|for)\s+|\b(?:list|show|get|display|see|pull|give\s+me|print|enumerate)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?(?<g>.+?)\s+(?:group\s+)?(?:members|membership|member\s+list|roster)\b|\bwhos\s+in\s+|\b(?:list|show|get|display)\s+(?:me\s+)?(?:everyone|everybody|all\s+(?:the\s+)?(?:users|people|members|accounts))\s+(?:in|on|of|from)\s+", I)]
    private static partial Regex Members();

    [GeneratedRegex(@"\b(?:department|dept|division)\b", I)]
    private static partial Regex DepartmentWord();

    [GeneratedRegex(@"\s+(?:for|on\s+behalf\s+of)\s+(?<who>" + EmailP + @"|me|myself|him|her|them|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?|[a-z][\w'-]+)\s*[.?!]?$", I)]
    private static partial Regex ForWhom();

    [GeneratedRegex(@"\b(?:remove|kick|take|drop|revoke|delete|pull|boot|throw|eject|unenroll|unsubscribe|exclude)\b(?<who>.*?)\b(?:from|out\s+of|off(?:\s+of)?)\s+(?<rest>.+)$|\b(?:revoke|remove|cancel|end)\s+(?<who>.+?)'s\s+(?:access|membership)\s+(?:to|in|of|from|for)\s+(?<rest>.+)$|\b(?:revoke|remove)\s+(?:the\s+)?(?:access|membership)\s+(?:of|for)\s+(?<who>.+?)\s+(?:to|in|from|on)\s+(?<rest>.+)$", I)]
    private static partial Regex RevokeAccess();

    [GeneratedRegex(@"\b(?:leave|quit|exit|get\s+out\s+of|be\s+removed\s+from)\s+(?<rest>.+)$", I)]
    private static partial Regex Leave();

    [GeneratedRegex(@"\b(?:add|put|place|include|enrol+|enroll|insert|invite|subscribe|move|ad(?=\s+(?:\S+@|me\b)))\s+(?<who>.*?)\s*\b(?:to|into|in|onto|on)\s+(?<rest>.+)$", I)]
    private static partial Regex AddTo();

    [GeneratedRegex(@"\bmake\s+(?<who>.+?)\s+(?:a\s+)?member\s+of\s+(?<rest>.+)$|\b(?:grant|give|provide|allow)\s+(?<who>.*?)\s*\b(?:access|membership|permissions?)\s+(?:to|in|on|for|into|of)\s+(?<rest>.+)$|\b(?:grant|give)\s+(?<who>.+?)\s+(?<rest>.+?)\s+(?:access|membership)\b\s*$", I)]
    private static partial Regex GiveAccess();

    [GeneratedRegex(@"^(?<who>.+?)\s+(?:needs|wants|requires|requests|requested)\s+(?:an?\s+)?(?:access|membership)\s+(?:to|in|on|for|into)\s+(?<rest>.+)$|\b(?:request(?:ing)?|need|want|like|get|requested|require|asking\s+for|have)\s+(?:to\s+(?:get\s+|have\s+)?)?(?:an?\s+)?(?:access|membership)\s+(?:to|in|on|for|into)\s+(?<rest>.+)$", I)]
    private static partial Regex RequestAccess();

    [GeneratedRegex(@"^(?<who>.+?)\s+(?:needs|wants|should|has)\s+(?:to\s+)?(?:join|be\s+added\s+to|be\s+in|be\s+part\s+of)\s+(?<rest>.+)$|\b(?:join|be\s+added\s+to|be\s+(?:put\s+)?in|be\s+part\s+of|be\s+a\s+member\s+of|become\s+a\s+member\s+of|get\s+into|get\s+added\s+to|sign\s+(?:me\s+)?up\s+for|let\s+me\s+into|let\s+me\s+in|add\s+myself\s+to)\s+(?<rest>.+)$", I)]
    private static partial Regex Join();

    [GeneratedRegex(@"\s+(?:so|because|since|as\s+(?:he|she|they|i|we)|for\s+(?:the|a|an|his|her|my|their|our|now|today|this|next)|please|pls|asap|thanks|thank\s+you|today|right\s+now|now|immediately|too|as\s+well|when|if|until|by\s+(?:eod|tomorrow|today|monday|friday)|starting|effective|thx|right\s+away|to\s+(?:help|work|see|access|get|review|cover|check|manage|do)|in\s+order)\b", I)]
    private static partial Regex GroupTail();

    [GeneratedRegex(@"\b(?:app|apps|application|applications|enterprise\s+app|sso|saas|software|service\s+principal)\b", I)]
    private static partial Regex AppWords();

    [GeneratedRegex(@"\s+(?:(?-i:enterprise)\s+)?(?:app|application|sso)$", I)]
    private static partial Regex AppSuffix();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s*(?:,|;|\band\b|&|\bplus\b|\bas\s+well\s+as\b|\balong\s+with\b)\s*", I)]
    private static partial Regex ListSplit();

    [GeneratedRegex(@"\s+(?:(?:(?-i:security)|m365|microsoft\s+365|office\s+365|o365|teams|unified|distribution|mail-enabled|ad|entra|aad|azure\s+ad)\s+)*(?:groups?|dls?|distribution\s+lists?|channel)$|\s+teams$", I)]
    private static partial Regex GroupSuffix();

    [GeneratedRegex(@"^\s*(?:(?:of|in|for|to|from|into|on)\s+)?(?:the\s+|our\s+|a\s+|an\s+)?", I)]
    private static partial Regex GroupPrefix();

    [GeneratedRegex(@"\b(?:he|him|his|she|her|hers|they|them|their|theirs|this\s+user|that\s+user|the\s+same\s+(?:user|person))\b", I)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"^\s*(?:he|him|his|she|her|they|them|their)(?:\s+(?:account|too|as\s+well|also))?\s*$", I)]
    private static partial Regex PronounOnly();

    [GeneratedRegex(@"^\s*(?:(?:the\s+)?same\s+(?:group|groups|ones?)|it|them|those|that\s+group|these\s+groups|both)\b", I)]
    private static partial Regex ItOrThem();

    [GeneratedRegex(@"\b(?<f>" + FieldsP + @")\b(?:\s+(?:number|no\.?))?(?:\s+(?:of|for)\s+(?<t>" + EmailP + @"|""[^""]+""|me|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?|[a-z][\w'-]+))?\s*(?:to|=|:|->|as)\s+" + ValueP, I)]
    private static partial Regex FieldTo();

    [GeneratedRegex(@"(?<=\b(?:my|his|her|their)\s+|'s\s+)(?:new\s+|current\s+|updated\s+)?(?<f>" + FieldsP + @")\b(?:\s+(?:number|no\.?))?\s+(?:is\s+now|is|will\s+be|should\s+be|has\s+changed\s+to|changed\s+to|now\s+is)\s+(?:in\s+|at\s+)?" + ValueP, I)]
    private static partial Regex FieldIs();

    [GeneratedRegex(@"\b(?:moved|moving|move|relocated|relocating|relocate|transferred|transferring|transfer)\b(?:\s+(?<who>[^,;]+?))?\s+to\s+(?:the\s+)?(?<v>[^,;]+?)\s+(?<kind>office|department|dept)\b", I)]
    private static partial Regex MovedTo();

    [GeneratedRegex(@"\bpromote\s+(?<who>[^,;]+?)\s+to\s+(?:an?\s+)?(?<v>[^,;]+?)(?=\s*(?:[,;]|$|\.(?:\s|$)|\s+(?:please|so|and)\b))|\b(?:been\s+)?promoted\s+to\s+(?:an?\s+)?(?<v>[^,;]+?)(?=\s*(?:[,;]|$|\.(?:\s|$)|\s+(?:please|so|and)\b))", I)]
    private static partial Regex Promoted();

    [GeneratedRegex(@"\b(?:me|my|myself|mine|i|i'm|im|i've|i'd|i'll)\b", I)]
    private static partial Regex Self();

    [GeneratedRegex(@"^\s*(?:me|my|myself|i|mine|my\s+own|my\s+account|myself\s+too)\s*$", I)]
    private static partial Regex SelfOnly();

    [GeneratedRegex(@"^(?:true|false|yes|no|on|off|enabled|disabled|enable|disable|1|0)$", I)]
    private static partial Regex BoolWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\s*(?:who\s+is|who's|whos|tell\s+me\s+about|show\s+me|show|view|display|pull\s+up)\s+(?<who>" + EmailP + @")\s*$|^\s*(?:who\s+is|who's|tell\s+me\s+about)\s+(?<who>(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){0,2})\s*$", I)]
    private static partial Regex WhoIs();

    [GeneratedRegex(@"\b(?:profile|directory\s+roles?|admin\s+roles?|(?:my|his|her|their|[A-Za-z][\w'.-]*'s)\s+roles|what\s+roles|which\s+roles|roles\s+(?:do|does|am|is)|account\s+(?:details|info|information|status)|(?:my|his|her|their|[A-Za-z][\w'.-]*'s)\s+(?:details|info|information)|about\s+me|who\s+am\s+i|whoami|what(?:'s|\s+is|\s+are)\s+(?:my|his|her|their|\S+'s)\s+(?:job\s+title|title|department|office|office\s+location|phone|mobile|phone\s+number|mobile\s+number|manager|upn|e-?mail))\b", I)]
    private static partial Regex ProfileView();

    [GeneratedRegex(@"\b(?:update|change|edit|modify|set|correct|fix)\b", I)]
    private static partial Regex UpdateVerb();

    [GeneratedRegex(@"\b(?:discover|discovery|re-?discover|scan\s+(?:the\s+)?(?:directory|tenant|entra)|enumerate|inventory|approver\s+groups?|propose\s+approvers?)\b", I)]
    private static partial Regex DiscoverStrong();

    [GeneratedRegex(@"\b(?:directory\s+roles|enterprise\s+(?:apps?|applications)|subscribed\s+(?:skus|licen[cs]es)|licen[cs]es|service\s+principals|which\s+roles\s+exist|who\s+(?:are|is)\s+(?:the\s+|our\s+)?(?:global|helpdesk|help\s*desk|user|privileged\s+role|authentication)\s+admin(?:istrator)?s?|(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:security\s+|m365\s+)?groups(?:\s+in\s+the\s+tenant)?\s*$|(?:list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:directory\s+)?roles)\b", I)]
    private static partial Regex DiscoverWeak();

    [GeneratedRegex(@"\b(?:find|search|look\s*up|lookup|look\s+for|locate|query|who\s+works|who\s+(?:is|are)\s+(?:in|from)\s+(?:the\s+)?\w+\s+(?:department|dept|team)|list\s+(?:all\s+)?(?:the\s+)?(?:users|people|employees|accounts|staff)|show\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:users|people|employees|staff)|(?:users|people|employees|anyone|everyone)\s+(?:in|from|with|named|called|whose|who))\b", I)]
    private static partial Regex SearchVerb();

    [GeneratedRegex(@"\b(?:upn|user\s*principal\s*name)\b", I)]
    private static partial Regex UpnWord();

    [GeneratedRegex(@"\b(?:e-?mail|mail|address)\b", I)]
    private static partial Regex MailWord();

    [GeneratedRegex(@"\b(?:job\s*title|title|position)\s*(?:is|of|=|:|as|contains|like|containing)?\s+" + ValueP, I)]
    private static partial Regex SearchTitle();

    [GeneratedRegex(@"\b(?:named|called|name\s+(?:is|contains|like|=|:)?)\s+(?<v>""[^""]+""|[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)|\b(?:search\s+for|find|look\s+up|lookup|look\s+for|locate)\s+(?:the\s+|a\s+)?(?:user\s+|person\s+|employee\s+|someone\s+)?(?<v>""[^""]+""|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?)", I)]
    private static partial Regex SearchName();

    [GeneratedRegex(@"\b(?:enabled|disabled|active|inactive)\b", I)]
    private static partial Regex EnabledWord();

    [GeneratedRegex(@"\b(?:in|from|of|for|within)\s+(?:the\s+)?(?<d>""[^""]+""|[\w&-]+(?:\s+(?!department|dept|division)[\w&-]+)?)\s+(?:department|dept|division|org|organization)\b", I)]
    private static partial Regex DeptIn();

    [GeneratedRegex(@"\b(?:department|dept|division)\s*(?:is|=|:|of|named|called)?\s+(?<d>""[^""]+""|(?!is\b|of\b|and\b)[\w&-]+)", I)]
    private static partial Regex DeptNamed();

    [GeneratedRegex(@"\b(?:in|from)\s+(?:the\s+)?(?<d>(?-i:[A-Z])[\w&-]*|r&d|hr|it|sales|finance|marketing|engineering|legal|support|operations|ops)\s*[?.!]?$", I)]
    private static partial Regex DeptInEnd();

    [GeneratedRegex(@"^\s*(?:do\s+)?(?:the\s+)?same\s+(?:thing\s+)?(?:for|with)\s+(?<who>.+)$|^\s*(?:and\s+)?(?:for\s+)?(?<who>" + EmailP + @")\s+too\s*$", I)]
    private static partial Regex SameFor();

    [GeneratedRegex(@"^\s*(?:if\s+not,?\s+)?(?:(?<rm>remove|kick)|add|put)\s+(?<who>him|her|them|me|" + EmailP + @")(?:\s+(?:too|as\s+well|then|please|to\s+(?:it|them|those|the\s+same\s+(?:group|groups|ones)|both)))?\s*$", I)]
    private static partial Regex AddPronoun();

    [GeneratedRegex(@"\b(?:for|of|about|on\s+behalf\s+of|regarding)\s+", I)]
    private static partial Regex ForWhomAnywhere();

    [GeneratedRegex(@"\b(?:unlock|unblock|re-?enable|reactivate|enable|reset|view|show|check|look\s+up|find|help|fix|restore|disable|deactivate|block|suspend|promote|move|update|change|set|edit)\s+", I)]
    private static partial Regex VerbObject();

    [GeneratedRegex(@"^(?<who>(?:[A-Za-z][\w.'-]*\s+){0,4}[A-Za-z][\w.'-]*)\s+(?:is|was|has|got|gets|can't|cannot|can\s+not|couldn't|needs|lost|forgot|keeps)\b", I)]
    private static partial Regex Subject();

    [GeneratedRegex(@"^\p{L}[\p{L}'.\-]*$")]
    private static partial Regex NameToken();
}
