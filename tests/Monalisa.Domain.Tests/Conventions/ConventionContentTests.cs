using Monalisa.Content;
using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;
using static Monalisa.Domain.Tests.Conventions.ConventionSample;

namespace Monalisa.Domain.Tests.Conventions;

/// <summary>The convention de formation carries every item of D6353-1 I, and the purchase-order path of D6353-1 II.</summary>
public sealed class ConventionContentTests
{
    private static readonly string Text = Plain(Render(OrganisationEnrolment()));

    [Fact]
    public void The_parties_are_the_training_body_with_its_siret_and_the_organisation_with_its_address_and_siret()
    {
        var legal = Settings.Legal;
        Assert.Contains($"Entre l'organisme de formation {legal.Name}, {legal.Address}, SIRET {legal.Siret}", Text);
        Assert.Contains("Et Commune de Villeurbanne, Place Lazare-Goujon, 69100 Villeurbanne, SIRET 21690266800013", Text);
    }

    [Fact]
    public void The_title_is_the_course_title()
    {
        Assert.StartsWith("Convention de formation professionnelle", Render(OrganisationEnrolment()).Title);
        Assert.Contains($"« {Course.Title} » — {Course.Subtitle}", Text);
    }

    [Fact]
    public void Each_objective_of_the_course_file_is_stated()
    {
        Assert.All(Course.Objectives, objective => Assert.Contains(objective, Text));
    }

    [Fact]
    public void The_programme_is_the_course_files_contents_verbatim_and_in_order()
    {
        var programme = string.Join(" ", Course.Contents.SelectMany(part => part.Items.Prepend(part.Heading)));
        Assert.Contains(programme, Text);
    }

    [Fact]
    public void The_means_are_the_methods_the_trainers_qualifications_and_the_place()
    {
        Assert.Contains($"Méthodes : {Course.Methods}", Text);
        Assert.Contains($"Formateurs : {Settings.TrainersQualifications}", Text);
        Assert.Contains(Session.Venue, Text);
        Assert.Contains(Session.City, Text);
    }

    [Fact]
    public void The_duration_and_period_are_the_days_hours_session_dates_and_daily_times()
    {
        Assert.Contains(Fold($"{Course.Duration.Days} jours, soit {Course.Duration.Hours} heures par stagiaire, {FrenchFormat.Range(Session)}, {FrenchFormat.Hours(Course.Schedule.Start, Course.Schedule.End)}"), Text);
    }

    [Fact]
    public void How_the_course_runs_is_followed_and_is_assessed_is_stated()
    {
        Assert.Contains("feuille d'émargement du matin et de l'après-midi", Text);
        Assert.Contains($"Évaluation des acquis : {Course.Assessment}", Text);
        Assert.Contains($"Fin de formation : {Course.EndOfCourse}", Text);
    }

    [Fact]
    public void The_trainees_are_named_with_their_function_and_category()
    {
        var text = Render(OrganisationEnrolment()).Text;
        Assert.Contains("| Claire Dubois | Animatrice sociale | professionnel |", text);
        Assert.Contains("| Marc Petit |  | bénévole |", text);
    }

    [Fact]
    public void The_price_is_the_quote_line_by_line_with_its_total()
    {
        var enrolment = OrganisationEnrolment();
        foreach (var line in enrolment.Lines)
            Assert.Contains(Fold($"{line.Label} {line.Quantity} {FrenchFormat.EurosFromCents(line.UnitAmountCents(line.Days))} {FrenchFormat.EurosFromCents(Money.ToCents(line.Amount))}"), Text);
        Assert.Contains(Fold($"Total {FrenchFormat.EurosFromCents(enrolment.TotalCents)}"), Text);
        Assert.Contains($"Prix nets de taxe : {Settings.Legal.Vat}", Text);
    }

    [Fact]
    public void After_a_cancellation_the_price_shows_the_part_no_longer_owed_and_the_total_owed()
    {
        var enrolment = OrganisationEnrolment() with { WaivedCents = 30_000 };
        var text = Plain(Render(enrolment));
        Assert.Contains(Fold($"Annulations (stagiaires ou inscription annulés) − {FrenchFormat.EurosFromCents(30_000)}"), text);
        Assert.Contains(Fold($"Total {FrenchFormat.EurosFromCents(enrolment.TotalCents - 30_000)}"), text);
    }

    [Fact]
    public void The_payment_terms_say_when_the_invoice_comes_its_due_days_the_bank_details_the_penalty_rate_and_the_40_euro_fee()
    {
        var invoicing = Settings.Invoicing;
        Assert.Contains("La facture est émise à la confirmation de l'inscription", Text);
        Assert.Contains($"payable à {invoicing.PaymentDays} jours de sa date, par virement : {invoicing.BankDetails}", Text);
        Assert.Contains($"pénalités sont dues au taux de {invoicing.LatePenaltyRate}", Text);
        Assert.Contains(Fold("indemnité forfaitaire pour frais de recouvrement de 40 €"), Text);
    }

    [Fact]
    public void A_public_body_is_told_its_invoice_goes_through_chorus_pro_with_its_service_code_and_commitment()
    {
        var text = Plain(Render(OrganisationEnrolment(publicBody: new PublicBuyer("SERV-42", "EJ-2027-7"))));
        Assert.Contains("la facture est déposée sur Chorus Pro après la session, le service fait, pour le service SERV-42, engagement n° EJ-2027-7", text);
    }

    [Fact]
    public void A_card_payment_is_said_to_be_paid_already()
    {
        Assert.Contains("réglé par carte bancaire", Plain(Render(OrganisationEnrolment(method: PaymentMethod.Card))));
    }

    [Fact]
    public void The_training_declaration_number_is_stated()
    {
        Assert.Contains(Settings.Legal.TrainingDeclaration, Text);
    }

    [Fact]
    public void Without_a_purchase_order_the_programme_is_an_article_and_nothing_claims_to_stand_in()
    {
        Assert.DoesNotContain("tient lieu de convention", Text);
        Assert.DoesNotContain("Annexe", Text);
        Assert.Contains("Article 2 — Contenu : le programme Pourquoi faire ensemble", Text);
    }

    [Fact]
    public void With_a_purchase_order_the_order_stands_in_for_the_convention_and_the_programme_is_annexed()
    {
        var convention = Render(OrganisationEnrolment(purchaseOrder: "BC-2027-0042"));
        var text = Plain(convention);
        Assert.Contains("Le bon de commande n° BC-2027-0042 de Commune de Villeurbanne tient lieu de convention de formation (article D6353-1 II du Code du travail)", text);
        Assert.Contains("Article 2 — Contenu : le programme Le programme de la formation est joint en annexe.", text);
        var annex = convention.Text.IndexOf("## Annexe — Programme de la formation", StringComparison.Ordinal);
        Assert.True(annex > 0, "the programme is annexed");
        var programme = string.Join(" ", Course.Contents.SelectMany(part => part.Items.Prepend(part.Heading)));
        Assert.Contains(programme, Plain(convention with { Text = convention.Text[annex..] }));
    }

    [Fact]
    public void What_the_payer_typed_stays_text_in_the_markdown()
    {
        var enrolment = OrganisationEnrolment() with { Payer = OrganisationEnrolment().Payer with { Name = "A | B **gras** [lien](https://x.example)" } };
        var convention = Render(enrolment);
        Assert.Contains(@"A \| B \*\*gras\*\* \[lien\]\(https\://x\.example\)", convention.Text);
        Assert.Contains("A | B **gras** [lien](https://x.example)", Plain(convention));
    }

    [Fact]
    public void The_same_enrolment_gives_the_same_text_and_hash_and_any_change_gives_another()
    {
        Assert.Equal(Render(OrganisationEnrolment()).Sha256, Render(OrganisationEnrolment()).Sha256);
        Assert.NotEqual(Render(OrganisationEnrolment()).Sha256, Render(OrganisationEnrolment(purchaseOrder: "BC-1")).Sha256);
        Assert.Equal(64, Render(OrganisationEnrolment()).Sha256.Length);
    }

    [Fact]
    public void Every_setting_the_convention_prints_is_a_legal_fact_whose_absence_stops_the_start()
    {
        // Give every text setting a marker of its own, render, and blank each one the convention shows: the start-up
        // check (MissingLegalFacts) must name it, or a convention could go out with a hole.
        var printed = new List<string>();
        foreach (var (key, set) in TextSettings(SiteSettings.LoadEmbedded()))
        {
            var settings = SiteSettings.LoadEmbedded();
            var marker = $"MARQUE{key.Replace(".", "")}FIN";
            TextSettings(settings).Single(s => s.Key == key).Set(marker);
            if (!Render(OrganisationEnrolment(), settings).Text.Contains(marker, StringComparison.Ordinal)) continue;
            printed.Add(key);
            var blank = SiteSettings.LoadEmbedded();
            TextSettings(blank).Single(s => s.Key == key).Set("");
            Assert.True(blank.MissingLegalFacts().Any(f => f.Split(' ')[0] == key), $"{key} is printed by the convention but not checked at start");
        }
        Assert.Contains("Legal.TrainingDeclaration", printed);
        Assert.Contains("Invoicing.BankDetails", printed);
    }

    /// <summary>Every string setting of the settings, at any depth, by its dotted YAML key, with a way to set it.</summary>
    private static IEnumerable<(string Key, Action<string> Set)> TextSettings(object section, string prefix = "")
    {
        foreach (var property in section.GetType().GetProperties())
        {
            if (property.GetCustomAttributes(typeof(YamlDotNet.Serialization.YamlMemberAttribute), false).FirstOrDefault() is not YamlDotNet.Serialization.YamlMemberAttribute { Alias: { } alias }) continue;
            var value = property.GetValue(section);
            if (property.PropertyType == typeof(string) && property.CanWrite)
                yield return (prefix + alias, v => property.SetValue(section, v));
            else if (value is not null and not string && property.PropertyType.IsClass)
                foreach (var inner in TextSettings(value, prefix + alias + "."))
                    yield return inner;
        }
    }
}
