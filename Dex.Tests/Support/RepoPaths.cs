namespace Dex.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding Dex.sln, found by walking up from the test binaries.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dex.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Dex.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Debug or Release, as the tests were built.</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
