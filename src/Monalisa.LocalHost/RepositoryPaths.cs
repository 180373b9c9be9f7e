namespace Monalisa.LocalHost;

/// <summary>Finds the repository root (the folder holding monalisa-serverless.sln), from the working folder or the binaries.</summary>
public static class RepositoryPaths
{
    public const string SolutionFile = "monalisa-serverless.sln";

    public static string Root { get; } = Find();

    public static string SiteOutput => Path.Combine(Root, "site", "output");

    public static string Data => Path.Combine(Root, ".data");

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Cannot find {SolutionFile} above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }
}
