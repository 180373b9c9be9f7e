using Monalisa.Functions.Http;
using Monalisa.Functions.Email;
using Monalisa.Functions.Staff;
using Monalisa.Functions.Outbox;

namespace Monalisa.Functions.Tests.Email;

public sealed class RetryAndCalendarRulesTests
{
    [Theory]
    [InlineData(1, null, 60)]
    [InlineData(2, null, 120)]
    [InlineData(4, null, 480)]
    [InlineData(1, 300, 300)]
    [InlineData(3, 30, 240)]
    [InlineData(1, 86400, 3600)]
    public void Retries_back_off_and_honour_a_longer_retry_after_capped_at_an_hour(int attempt, int? retryAfterSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            OutboxSender.RetryDelay(attempt, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null));

    [Fact]
    public void A_calendar_uid_is_stable_per_trainee_session_and_day_and_reveals_no_address()
    {
        var day = new DateOnly(2027, 3, 16);
        var uid = ConvocationCalendar.Uid("2027-03-lyon", "Camille@Example.org ", day);
        Assert.Equal(uid, ConvocationCalendar.Uid("2027-03-lyon", "camille@example.org", day));
        Assert.NotEqual(uid, ConvocationCalendar.Uid("2027-03-lyon", "camille@example.org", day.AddDays(1)));
        Assert.NotEqual(uid, ConvocationCalendar.Uid("2027-06-paris", "camille@example.org", day));
        Assert.DoesNotContain("camille", uid);
    }

    [Theory]
    [InlineData("Durand", "Durand")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+33 6 01", "'+33 6 01")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Martin; Durand", "\"Martin; Durand\"")]
    [InlineData("ligne 1\nligne 2", "\"ligne 1\nligne 2\"")]
    [InlineData(null, "")]
    public void Csv_cells_are_quoted_when_needed_and_never_run_as_formulas(string? value, string expected) =>
        Assert.Equal(expected, CsvWriter.Cell(value));
}
