using Microsoft.Extensions.Options;
using Monalisa.Content;

namespace Monalisa.Functions.Hosting;

/// <summary>
/// The legal facts of site/settings.yml (compiled into Monalisa.Content) that are still missing or « à compléter ».
/// The contract the API writes and emails prints them, so the deployed app refuses to start while one is: the
/// validator names each key. The local host removes the validator and keeps the marked placeholders.
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
                $"Configuration incomplète : site/{SettingsKeys.FileName} a des faits légaux manquants ou « à compléter » ({string.Join(", ", facts.Missing)}) ; " +
                "le contrat de formation ne peut pas être envoyé ainsi. Complétez-les et redéployez.");
}
