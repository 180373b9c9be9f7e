using System.Text;

namespace Monalisa.Functions.Surveys;

/// <summary>
/// The answers' CSV, written as Staff/CsvWriter writes (UTF-8 with BOM, « ; », CRLF, formula-looking cells defused: free
/// text is typed by the public). A copy, not a reference: Staff depends on Email, which depends on Surveys, so Surveys
/// cannot depend on Staff. Moving CsvWriter to Http/ would remove this copy.
/// </summary>
internal sealed class SurveyCsv
{
    private readonly StringBuilder _text = new();

    public SurveyCsv Row(params string?[] cells)
    {
        _text.AppendJoin(';', cells.Select(Cell)).Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    private static string Cell(string? value)
    {
        var cell = value ?? "";
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
        return cell.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}
