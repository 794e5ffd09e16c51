namespace Dex.Core.Directory;

/// <summary>OData literal escaping: a quote in a value is doubled, so "O'Brien" cannot end the literal and inject a clause.</summary>
public static class ODataText
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
