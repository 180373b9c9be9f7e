using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Invoicing;
using Monalisa.Domain.Notices;
using Monalisa.Functions.ChorusPro;
using Monalisa.Functions.Invoicing;
using Monalisa.Functions.Outbox;
using Monalisa.Functions.Storage;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.ChorusPro;

/// <summary>
/// A public buyer's invoice, written to the ledger by Invoicing with its <c>chorus|</c> row, is deposited in Chorus Pro
/// once, then followed: paid, or rejected with staff alerted. Real Azurite, Chorus Pro over HTTP (the stub).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChorusDepositTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string BuyerSiret = "21690123400019";
    private readonly TestLedger _ledger = new();
    private readonly TableClient _table = new(storage.ConnectionString, TableNames.Ledger);
    private ChorusProStub _chorus = null!;
    private TestApi _api = null!;

    public async Task InitializeAsync()
    {
        _chorus = await ChorusProStub.StartAsync();
        _chorus.StandIn.Structures[BuyerSiret] = new ChorusProStandIn.Structure("COMMUNE DE VILLEURBANNE", ServiceCode: true);
        _api = await StartHostAsync();
        await _table.CreateIfNotExistsAsync();
    }

    private Task<TestApi> StartHostAsync() =>
        TestApi.StartAsync(storage, settings: _chorus.AppSettings(), services: s => s.AddSingleton<ILedgerDocuments>(_ledger));

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _chorus.DisposeAsync();
        // The ledger is one partition shared by every test host on this Azurite: a Chorus row (or a staff alert) whose
        // document only this class's test ledger knows would be picked up by the next host's timers, and alert staff
        // about an invoice that is nowhere. Production writes the row with its document, in one transaction.
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == LedgerKeys.Partition))
            if (_ledger.Documents.Keys.Any(n => row.RowKey == LedgerKeys.Chorus(n) || row.GetString(OutboxRecord.Subject) == LedgerKeys.Chorus(n)))
                await _table.DeleteEntityAsync(row, Azure.ETag.All);
    }

    private ChorusDeposits Deposits(TestApi api) => api.Services.GetRequiredService<ChorusDeposits>();

    /// <summary>What Invoicing does when it issues a public buyer's invoice: the document, and its row to deposit.</summary>
    private async Task<BillingDocument> IssueAsync(DocumentKind kind = DocumentKind.Invoice)
    {
        var number = $"{(kind == DocumentKind.Invoice ? "F" : "A")}-2027-{Random.Shared.Next(100_000, 999_999):D6}";
        var document = SampleDocument(number, kind);
        _ledger.Documents[number] = new LedgerDocument(document, [0x25, 0x50, 0x44, 0x46, .. System.Text.Encoding.ASCII.GetBytes(number)], TestApi.DefaultNow);
        await _table.AddEntityAsync(Monalisa.Functions.Invoicing.LedgerEntities.Chorus(number, TestApi.DefaultNow));
        return document;
    }

    private async Task<TableEntity> RowAsync(string number) => (await _table.GetEntityAsync<TableEntity>(LedgerKeys.Partition, LedgerKeys.Chorus(number))).Value;

    private IReadOnlyList<ChorusProStub.Recorded> Submissions(string number) =>
        [.. _chorus.To("/cpro/factures/v1/soumettre").Where(r => r.Body?["numeroFactureSaisi"]?.ToString() == number)];

    [Fact]
    public async Task An_invoice_to_a_public_body_is_deposited_then_submitted_with_its_data()
    {
        var invoice = await IssueAsync();

        await Deposits(_api).DepositDueAsync(CancellationToken.None);

        var deposit = Assert.Single(_chorus.To("/cpro/factures/v1/deposer/pdf"), r => r.Body?["nomFichier"]?.ToString() == $"{invoice.Number}.pdf");
        Assert.Equal(Convert.ToBase64String(_ledger.Documents[invoice.Number].Pdf), deposit.Body!["fichierFacture"]!.ToString());
        var submitted = Assert.Single(Submissions(invoice.Number)).Body!;
        Assert.Equal(BuyerSiret, submitted["destinataire"]!["codeDestinataire"]!.ToString());
        Assert.Equal("SERV-FORMATION", submitted["destinataire"]!["codeServiceExecutant"]!.ToString());
        Assert.Equal("EJ-2027-0042", submitted["references"]!["numeroBonCommande"]!.ToString());
        Assert.Equal("FACTURE", submitted["references"]!["typeFacture"]!.ToString());
        Assert.Equal("SANS_TVA", submitted["references"]!["typeTva"]!.ToString());
        Assert.Equal("Exonération de TVA, article 261-4-4° a du CGI", submitted["references"]!["motifExonerationTva"]!.ToString());
        Assert.Equal("2027-03-31", submitted["dateFacture"]!.ToString());
        Assert.Equal(1300m, submitted["montantTotal"]!["montantTtcTotal"]!.GetValue<decimal>());
        Assert.Equal(1300m, submitted["montantTotal"]!["montantAPayer"]!.GetValue<decimal>());
        Assert.Equal(650m, submitted["lignePoste"]![0]!["lignePosteMontantUnitaireHT"]!.GetValue<decimal>());
        Assert.True(submitted["pieceJointePrincipale"]![0]!["pieceJointePrincipaleId"]!.GetValue<long>() > 0);
        var row = await RowAsync(invoice.Number);
        Assert.Equal(nameof(ChorusStatus.Deposited), row.GetString(ChorusRow.Status));
        var chorusInvoice = Assert.Single(_chorus.StandIn.Invoices.Values, i => i.Number == invoice.Number);
        Assert.Equal(chorusInvoice.Id, row.GetInt64(ChorusRow.ChorusInvoiceId));
    }

    [Fact]
    public async Task A_credit_note_is_deposited_as_an_avoir_naming_the_invoice_it_credits()
    {
        var creditNote = await IssueAsync(DocumentKind.CreditNote);

        await Deposits(_api).DepositDueAsync(CancellationToken.None);

        var submitted = Assert.Single(Submissions(creditNote.Number)).Body!;
        Assert.Equal("AVOIR", submitted["references"]!["typeFacture"]!.ToString());
        Assert.Equal("F-2027-000001", submitted["references"]!["numeroFactureOrigine"]!.ToString());
    }

    [Fact]
    public async Task Deposits_run_again_and_on_two_hosts_at_once_submit_each_invoice_once()
    {
        var invoices = new[] { await IssueAsync(), await IssueAsync(), await IssueAsync() };
        await using var second = await StartHostAsync();

        await Task.WhenAll(Deposits(_api).DepositDueAsync(CancellationToken.None), Deposits(second).DepositDueAsync(CancellationToken.None));
        await Deposits(second).DepositDueAsync(CancellationToken.None);
        await Deposits(_api).DepositDueAsync(CancellationToken.None);

        foreach (var invoice in invoices)
        {
            Assert.Single(Submissions(invoice.Number));
            Assert.Equal(nameof(ChorusStatus.Deposited), (await RowAsync(invoice.Number)).GetString(ChorusRow.Status));
        }
    }

    [Fact]
    public async Task A_deposit_interrupted_after_its_submission_is_recorded_without_submitting_again()
    {
        var invoice = await IssueAsync();
        // The earlier run submitted the invoice, then stopped before recording it: its lease is over.
        var (_, attachment) = _chorus.StandIn.Answer("/cpro/factures/v1/deposer/pdf", ChorusInvoicePayload.Deposit(invoice.Number, [1, 2, 3]));
        var (_, submitted) = _chorus.StandIn.Answer("/cpro/factures/v1/soumettre", ChorusInvoicePayload.Submit(invoice, 1, attachment["pieceJointeId"]!.GetValue<long>()));
        var row = await RowAsync(invoice.Number);
        row[ChorusRow.Status] = nameof(ChorusStatus.Depositing);
        row[ChorusRow.Attempts] = 1;
        row[ChorusRow.LeaseUntil] = TestApi.DefaultNow - TimeSpan.FromMinutes(1);
        await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        await Deposits(_api).DepositDueAsync(CancellationToken.None);

        Assert.Empty(Submissions(invoice.Number));
        Assert.Single(_chorus.To("/cpro/factures/v1/rechercher/fournisseur"), r => r.Body?["numeroFacture"]?.ToString() == invoice.Number);
        var recorded = await RowAsync(invoice.Number);
        Assert.Equal(nameof(ChorusStatus.Deposited), recorded.GetString(ChorusRow.Status));
        Assert.Equal(submitted["identifiantFactureCPP"]!.GetValue<long>(), recorded.GetInt64(ChorusRow.ChorusInvoiceId));
    }

    [Fact]
    public async Task A_deposit_claimed_by_a_run_still_working_is_left_to_it()
    {
        var invoice = await IssueAsync();
        var row = await RowAsync(invoice.Number);
        row[ChorusRow.Status] = nameof(ChorusStatus.Depositing);
        row[ChorusRow.LeaseUntil] = TestApi.DefaultNow + TimeSpan.FromMinutes(5);
        await _table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        await Deposits(_api).DepositDueAsync(CancellationToken.None);

        Assert.Empty(Submissions(invoice.Number));
        Assert.Equal(nameof(ChorusStatus.Depositing), (await RowAsync(invoice.Number)).GetString(ChorusRow.Status));
    }

    [Fact]
    public async Task Chorus_Pro_down_leaves_the_invoice_to_deposit_at_the_next_run()
    {
        var invoice = await IssueAsync();
        _chorus.FailNext.Enqueue(HttpStatusCode.ServiceUnavailable);

        await Deposits(_api).DepositDueAsync(CancellationToken.None);
        var waiting = await RowAsync(invoice.Number);
        Assert.Equal(nameof(ChorusStatus.ToDeposit), waiting.GetString(ChorusRow.Status));
        Assert.Equal(1, waiting.GetInt32(ChorusRow.Attempts));

        await Deposits(_api).DepositDueAsync(CancellationToken.None);
        Assert.Equal(nameof(ChorusStatus.Deposited), (await RowAsync(invoice.Number)).GetString(ChorusRow.Status));
        Assert.Single(Submissions(invoice.Number));
    }

    [Fact]
    public async Task A_rejection_in_Chorus_Pro_alerts_staff_with_the_reason()
    {
        var invoice = await IssueAsync();
        await Deposits(_api).DepositDueAsync(CancellationToken.None);
        _chorus.StandIn.Reject(invoice.Number, "Code service inconnu du destinataire");

        await Deposits(_api).FollowAsync(CancellationToken.None);

        var row = await RowAsync(invoice.Number);
        Assert.Equal(nameof(ChorusStatus.Rejected), row.GetString(ChorusRow.Status));
        Assert.Contains("Code service inconnu du destinataire", row.GetString(ChorusRow.Reason));
        var alert = Assert.Single(await StaffAlertsAsync(invoice.Number));
        Assert.Equal(RecipientRole.Staff.ToString(), alert.GetString(OutboxRecord.Role));
        // Followed again: a rejection alerts once.
        await Deposits(_api).FollowAsync(CancellationToken.None);
        Assert.Single(await StaffAlertsAsync(invoice.Number));
    }

    [Fact]
    public async Task The_staff_alert_is_emailed_with_the_invoice_number_and_the_reason()
    {
        var invoice = await IssueAsync();
        await Deposits(_api).DepositDueAsync(CancellationToken.None);
        _chorus.StandIn.Reject(invoice.Number, "Numéro d'engagement inconnu");
        await Deposits(_api).FollowAsync(CancellationToken.None);

        (await _api.Client.PostAsync("/_dev/queues/run", null)).EnsureSuccessStatusCode();

        var alert = Assert.Single(await StaffAlertsAsync(invoice.Number));
        Assert.Equal(OutboxRecord.Sent, alert.GetString(OutboxRecord.Status));
        var folder = _api.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["LocalHost:DataFolder"]!;
        var mail = Assert.Single(Directory.GetFiles(folder, "*.eml", SearchOption.AllDirectories).Select(File.ReadAllText), m => m.Contains(invoice.Number, StringComparison.Ordinal));
        Assert.Contains("Numéro d'engagement inconnu", QuotedPrintable(mail));
        Assert.Contains("rejet", QuotedPrintable(mail));
    }

    /// <summary>The .eml's text as a person reads it (its parts may be quoted-printable).</summary>
    private static string QuotedPrintable(string eml)
    {
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(eml)));
        return message.Subject + "\n" + message.TextBody;
    }

    [Fact]
    public async Task An_invoice_put_into_payment_in_Chorus_Pro_is_marked_paid()
    {
        var invoice = await IssueAsync();
        await Deposits(_api).DepositDueAsync(CancellationToken.None);
        _chorus.StandIn.MarkPaid(invoice.Number);

        await Deposits(_api).FollowAsync(CancellationToken.None);

        var row = await RowAsync(invoice.Number);
        Assert.Equal(nameof(ChorusStatus.Paid), row.GetString(ChorusRow.Status));
        Assert.Equal("MISE_EN_PAIEMENT", row.GetString(ChorusRow.ChorusState));
        Assert.Empty(await StaffAlertsAsync(invoice.Number));
    }

    [Fact]
    public async Task A_deposit_Chorus_Pro_refuses_alerts_staff_instead_of_retrying()
    {
        var invoice = await IssueAsync();
        _ledger.Documents[invoice.Number] = _ledger.Documents[invoice.Number] with { Document = invoice with { BuyerReference = null } };

        await Deposits(_api).DepositDueAsync(CancellationToken.None);
        await Deposits(_api).DepositDueAsync(CancellationToken.None);

        var row = await RowAsync(invoice.Number);
        Assert.Equal(nameof(ChorusStatus.Rejected), row.GetString(ChorusRow.Status));
        Assert.Contains("code service", row.GetString(ChorusRow.Reason));
        Assert.Single(await StaffAlertsAsync(invoice.Number));
    }

    private async Task<List<TableEntity>> StaffAlertsAsync(string number)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == LedgerKeys.Partition))
            if (row.RowKey.StartsWith(Keys.OutboxPrefix, StringComparison.Ordinal) && row.GetString(OutboxRecord.Subject) == LedgerKeys.Chorus(number)
                && row.GetString(OutboxRecord.Kind) == EmailKind.StaffChorusRejected)
                rows.Add(row);
        return rows;
    }

    private static BillingDocument SampleDocument(string number, DocumentKind kind) => new()
    {
        Kind = kind,
        Number = number,
        IssueDate = new DateOnly(2027, 3, 31),
        DueDate = new DateOnly(2027, 4, 30),
        ServiceStart = new DateOnly(2027, 3, 29),
        ServiceEnd = new DateOnly(2027, 3, 30),
        Seller = new BillingParty("MONALISA", "1 rue de l'Exemple, 75011 Paris", "123456789", "12345678900011", null, "formations@monalisa.test"),
        Buyer = new BillingParty("Commune de Villeurbanne", "Place Lazare-Goujon, 69100 Villeurbanne", BuyerSiret[..9], BuyerSiret, null, "compta@villeurbanne.test"),
        BuyerReference = "SERV-FORMATION",
        PurchaseOrderReference = "EJ-2027-0042",
        PrecedingInvoiceNumber = kind == DocumentKind.CreditNote ? "F-2027-000001" : null,
        PrecedingInvoiceDate = kind == DocumentKind.CreditNote ? new DateOnly(2027, 3, 1) : null,
        Lines = [new BillingLine("Formation « Exemple », 29 et 30 mars 2027 — professionnel", 2, "C62", 65000, 130000)],
        Vat = VatTreatment.Exempt("Exonération de TVA, article 261-4-4° a du CGI"),
        Totals = new BillingTotals(130000, 0, 130000, 0),
        PaymentTerms = "À 30 jours par virement.",
        PaymentMeansCode = "30",
        EnrolmentId = "session_test_enrolment",
        PublicBuyer = true,
    };

    /// <summary>Stands in for Invoicing's ledger reader (the real one reads the doc| rows Invoicing writes).</summary>
    private sealed class TestLedger : ILedgerDocuments
    {
        public ConcurrentDictionary<string, LedgerDocument> Documents { get; } = new();

        public Task<LedgerDocument?> GetAsync(string number, CancellationToken cancellationToken) =>
            Task.FromResult(Documents.TryGetValue(number, out var document) ? document : null);
    }
}
