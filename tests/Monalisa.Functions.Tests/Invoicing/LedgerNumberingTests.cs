using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Documents;
using Monalisa.Functions.Invoicing;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>
/// The numbering of the ledger across two hosts at once: each with its own storage clients and ledger, issuing
/// concurrently into one series. The sequence must come out whole: 1 to N, no gap, no duplicate.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerNumberingTests(AzuriteFixture storage) : IAsyncLifetime
{
    private TestApi _first = null!;
    private TestApi _second = null!;
    /// <summary>A series of this test's own (4 capital letters), so other tests' invoices never share its counter.</summary>
    private readonly string _prefix = new([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(4).Select(char.ToUpperInvariant)]);

    public async Task InitializeAsync()
    {
        _first = await TestApi.StartAsync(storage);
        _second = await TestApi.StartAsync(storage);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    internal static BillingDocument Draft(string prefix, string enrolmentId) => new()
    {
        Kind = DocumentKind.Invoice,
        Number = DocumentNumber.Format(prefix, 2027, BillingDocuments.UnnumberedSequence),
        IssueDate = new DateOnly(2027, 1, 10),
        DueDate = new DateOnly(2027, 2, 9),
        ServiceStart = new DateOnly(2027, 3, 16),
        ServiceEnd = new DateOnly(2027, 3, 17),
        Seller = new BillingParty("Association MONALISA", "Paris", "123456789", "12345678900011", null, null),
        Buyer = new BillingParty("CCAS", "Lyon", null, null, null, "compta@example.org"),
        Lines = [new BillingLine("Formation", 1, BillingDocuments.UnitOne, 50_000, 50_000)],
        Vat = VatTreatment.Exempt("Exonération de TVA, article 261-4-4° a du CGI"),
        Totals = new BillingTotals(50_000, 0, 50_000, 0),
        PaymentTerms = "30 jours",
        PaymentMeansCode = BillingDocuments.CreditTransfer,
        EnrolmentId = enrolmentId,
    };

    [Fact]
    public async Task Forty_invoices_issued_at_once_by_two_hosts_are_numbered_1_to_40_without_gap_or_duplicate()
    {
        var ledgers = new[] { _first, _second }.Select(api => api.Services.GetRequiredService<InvoiceLedger>()).ToArray();
        Assert.NotSame(_first.Services.GetRequiredService<TableServiceClient>(), _second.Services.GetRequiredService<TableServiceClient>());
        var run = Guid.NewGuid().ToString("N")[..8];

        var issues = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(() => ledgers[i % 2].IssueAsync(Draft(_prefix, $"e-{run}-{i}"), 1, CancellationToken.None))));

        var sequences = issues.Select(i => DocumentNumber.Parse(i.Issued.Number)!.Value.Sequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), sequences);
        Assert.All(issues, i => Assert.True(i.New));
        // Each stored document is the one its for| row names, with the PDF printed for that number.
        foreach (var issue in issues)
        {
            var stored = await ledgers[0].GetAsync(issue.Issued.Number, CancellationToken.None);
            Assert.Equal(issue.Issued.Number, stored!.Document.Number);
            Assert.Contains(issue.Issued.Number, Documents.PdfText.Read(stored.Pdf).Flat);
        }
    }

    [Fact]
    public async Task The_same_document_asked_of_both_hosts_at_once_is_issued_once()
    {
        var ledgers = new[] { _first, _second }.Select(api => api.Services.GetRequiredService<InvoiceLedger>()).ToArray();
        var enrolmentId = "e-" + Guid.NewGuid().ToString("N")[..8];

        var issues = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => ledgers[i % 2].IssueAsync(Draft(_prefix, enrolmentId), 1, CancellationToken.None))));

        Assert.Single(issues.Select(i => i.Issued.Number).Distinct());
        Assert.Single(issues, i => i.New);
        Assert.Equal(1, DocumentNumber.Parse(issues[0].Issued.Number)!.Value.Sequence);
    }
}
