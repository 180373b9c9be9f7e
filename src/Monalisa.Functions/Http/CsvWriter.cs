using System.Text;

namespace Monalisa.Functions.Http;

/// <summary>
/// CSV as French spreadsheets open it: UTF-8 with a BOM (or accents break), « ; » between cells, CRLF between rows.
/// Cells are quoted when needed, and a cell that a spreadsheet would run as a formula (= + - @, tab, CR) starts
/// with an apostrophe instead: names, notes and questionnaire answers are typed by the public. In Http/ because every
/// feature that exports (staff lists, questionnaires, BPF) writes it.
/// </summary>
internal sealed class CsvWriter
{
    public const char Separator = ';';
    private readonly StringBuilder _text = new();

    public CsvWriter Row(params string?[] cells)
    {
        _text.AppendJoin(Separator, cells.Select(Cell)).Append("\r\n");
        return this;
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    public static string Cell(string? value)
    {
        var cell = value ?? "";
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
        return cell.IndexOfAny([Separator, '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}
