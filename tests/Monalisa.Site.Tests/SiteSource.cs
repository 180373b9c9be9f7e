using System.Reflection;

namespace Monalisa.Site.Tests;

/// <summary>The repository's site/ folder, found without the Functions app (the project file records the root), and its first course.</summary>
internal static class SiteSource
{
    /// <summary>The real first course, whose file the tests read.</summary>
    public const string RealSlug = "animer-une-strategie-de-cooperation-monalisa";

    public static string Folder { get; } = Path.Combine(
        typeof(SiteSource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "site");
}
