using System.Security.Cryptography;

namespace Dex.Core.Secrets;

/// <summary>
/// Strong generated passwords that meet Entra ID complexity (at least three of upper, lower, digit,
/// symbol; 8-256 characters): every class is always present, drawn from a CSPRNG, and characters
/// that people misread (0/O, 1/l/I) are left out because the password is read off a screen once.
/// </summary>
public static class PasswordGenerator
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";
    private const string Symbols = "!@#$%^&*-_=+?";
    private const string All = Upper + Lower + Digits + Symbols;

    public static string Generate(int length = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 12);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 256);
        var chars = new char[length];
        chars[0] = Pick(Upper);
        chars[1] = Pick(Lower);
        chars[2] = Pick(Digits);
        chars[3] = Pick(Symbols);
        for (var i = 4; i < length; i++)
        {
            chars[i] = Pick(All);
        }

        // Shuffle so the class positions are not predictable.
        for (var i = length - 1; i > 0; i--)
        {
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (chars[i], chars[j]) = (chars[j], chars[i]);
        }

        return new string(chars);
    }

    public static bool MeetsComplexity(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var classes = (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsLower) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        return password.Length is >= 8 and <= 256 && classes >= 3;
    }

    private static char Pick(string set) => set[RandomNumberGenerator.GetInt32(set.Length)];
}
