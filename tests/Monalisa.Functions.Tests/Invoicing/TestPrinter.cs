using System.Text;
using System.Text.Json;
using Monalisa.Domain.Invoicing;
using Monalisa.Functions.Documents;

namespace Monalisa.Functions.Tests.Invoicing;

/// <summary>
/// Stands in for the Documents feature's printer in this branch: a few bytes that name the document, so a test can see
/// which document a stored or downloaded PDF is, and that it is the one issued.
/// </summary>
internal sealed class TestPrinter : IBillingDocumentPrinter
{
    public int Printed;

    public byte[] Print(BillingDocument document)
    {
        Interlocked.Increment(ref Printed);
        return Encoding.UTF8.GetBytes($"%PDF-test {document.Number} {document.Kind} {document.Totals.GrossCents}\n{JsonSerializer.Serialize(document.Lines)}");
    }

    public static string Header(byte[] pdf) => Encoding.UTF8.GetString(pdf).Split('\n')[0];
}
