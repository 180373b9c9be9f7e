using Microsoft.Extensions.Options;
using Monalisa.Content;

namespace Monalisa.Functions.Hosting;

/// <summary>
/// The legal facts of site/settings.yml (compiled into Monalisa.Content) that are missing, and every setting still
/// « à compléter » (<see cref="SiteSettings.MissingLegalFacts"/>). The contract and the emails the API writes print
/// them, so the deployed app refuses to start while one is: the validator names each key. The local host removes the
/// validator and keeps the marked placeholders.
/// </summary>
internal sealed class LegalFacts
{
    public IReadOnlyList<string> Missing { get; set; } = [];
}

internal sealed class LegalFactsValidator : IValidateOptions<LegalFacts>
{
    public ValidateOptionsResult Validate(string? name, LegalFacts facts) =>
        facts.Missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Configuration incomplète : site/{SettingsKeys.FileName} a des faits légaux manquants ou des valeurs « à compléter » ({string.Join(", ", facts.Missing)}) ; " +
                "ni le contrat de formation ni les e-mails ne peuvent être envoyés ainsi. Complétez-les et redéployez.");
}
