using Monalisa.Content;
using Monalisa.Site;

// dotnet run --project src/Monalisa.Site -- build [--site <folder>] [--output <folder>] [--api <url>] [--resultats <file>]
//   [--exemples] [--cms-depot <owner/name>] [--cms-local <url of the local host's decap-server proxy>]
// dotnet run --project src/Monalisa.Site -- check [--site <folder>] [--exemples]   (the deploy workflow's first step)
// dotnet run --project src/Monalisa.Site -- check-live --api <url> [--site <folder>] (before the functions are deployed)
return SiteCommand.Run(args, Console.Out, Console.Error);

namespace Monalisa.Site
{
    internal static class SiteCommand
    {
        private const string Usage = "Usage : build [--site <dossier site/>] [--output <dossier>] [--api <adresse de l'API>] [--resultats <fichier>] [--exemples] [--cms-depot <propriétaire/dépôt>] [--cms-local <adresse>]"
            + "\n        check [--site <dossier site/>] [--exemples]\n        check-live --api <adresse de l'API> [--site <dossier site/>]";
        private const string BuildCommand = "build";
        /// <summary>Every check of a build, nothing written under site/: the deploy workflow runs it before anything else.</summary>
        private const string CheckCommand = "check";
        /// <summary>Accepts legal facts still « à compléter » (local preview only; never for a deployment).</summary>
        private const string LegalExamplesFlag = "--exemples";

        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length > 0 && args[0] == LiveCheckCommand.Name) return LiveCheckCommand.Run(args[1..], output, error);
            if (args.Length == 0 || args[0] is not (BuildCommand or CheckCommand))
            {
                error.WriteLine(Usage);
                return 2;
            }
            string? siteFolder = null, outputFolder = null, api = null, results = null, cmsRepository = null, cmsLocal = null;
            var legalExamples = false;
            for (var i = 1; i < args.Length; i++)
            {
                if (args[i] == LegalExamplesFlag) { legalExamples = true; continue; }
                if (i + 1 >= args.Length) { error.WriteLine(Usage); return 2; }
                switch (args[i])
                {
                    case "--site": siteFolder = args[++i]; break;
                    case "--output": outputFolder = args[++i]; break;
                    case "--api": api = args[++i]; break;
                    case "--resultats": results = args[++i]; break;
                    case "--cms-depot": cmsRepository = args[++i]; break;
                    case "--cms-local": cmsLocal = args[++i]; break;
                    default: error.WriteLine(Usage); return 2;
                }
            }
            var check = args[0] == CheckCommand;
            if (check && (outputFolder ?? api ?? results) is not null) { error.WriteLine(Usage); return 2; }
            siteFolder ??= FindSiteFolder();
            // The check builds into a throw-away folder: it is the build's own checks (reader, Qualiopi, placeholders,
            // pages), not a second list of rules that could drift from them.
            if (check) outputFolder = Path.Combine(Path.GetTempPath(), $"monalisa-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
            var options = SiteOptions.ForSiteFolder(siteFolder, outputFolder) with
            {
                ApiBaseUrl = api, LegalExamples = legalExamples, CmsRepository = cmsRepository, CmsLocalBackend = cmsLocal,
                CopyCmsBundle = !check,
            };
            if (results is not null) options = options with { ResultsFile = results };
            try
            {
                var result = SiteBuilder.Build(options, output);
                if (check)
                {
                    output.WriteLine($"Contenu valide : {result.Pages.Count} pages vérifiées, rien n'est écrit dans {SiteBuilder.DisplayPath(siteFolder)}/.");
                    return 0;
                }
                output.WriteLine($"Site généré : {result.Pages.Count} pages dans {SiteBuilder.DisplayPath(options.Output)} ({result.Elapsed.TotalMilliseconds:0} ms).");
                return 0;
            }
            catch (ContentException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
            finally
            {
                if (check && Directory.Exists(options.Output)) Directory.Delete(options.Output, recursive: true);
            }
        }

        /// <summary>site/ of the repository holding the working folder (dotnet run sets it to the caller's).</summary>
        internal static string FindSiteFolder()
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "monalisa-serverless.sln")))
                    return Path.Combine(dir.FullName, "site");
            }
            return Path.Combine(Directory.GetCurrentDirectory(), "site");
        }
    }
}
