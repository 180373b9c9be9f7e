using System.Text;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Domain.Tests;

public sealed class SpamCheckTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("clé de test des jetons de formulaire, 32 octets ou plus");
    private static readonly FormTokenRules Rules = new(TimeSpan.FromSeconds(3), TimeSpan.FromHours(24));
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static FormVerdict Judge(string? token, string? honeypot = null) => SpamCheck.Judge(honeypot, token, Key, Rules, Now);

    [Fact]
    public void A_genuine_token_a_few_seconds_old_passes() =>
        Assert.IsType<FormVerdict.Human>(Judge(FormToken.Issue(Key, Now.AddSeconds(-3))));

    [Fact]
    public void A_token_younger_than_the_minimum_says_how_long_to_wait() =>
        Assert.Equal(new FormVerdict.TooFast(TimeSpan.FromSeconds(2)), Judge(FormToken.Issue(Key, Now.AddSeconds(-1))));

    [Theory]
    [InlineData(null, FormTokenProblem.Missing)]
    [InlineData("", FormTokenProblem.Missing)]
    [InlineData("f1.1796115600.abc.def", FormTokenProblem.Invalid)]
    [InlineData("n'importe quoi", FormTokenProblem.Invalid)]
    public void No_token_or_a_made_up_one_is_not_a_person(string? token, FormTokenProblem problem) =>
        Assert.Equal(new FormVerdict.NoValidToken(problem), Judge(token));

    [Fact]
    public void A_token_signed_with_another_key_or_altered_is_invalid()
    {
        var other = FormToken.Issue(Encoding.UTF8.GetBytes("une autre clé, que le serveur n'a pas"), Now.AddMinutes(-1));
        Assert.Equal(new FormVerdict.NoValidToken(FormTokenProblem.Invalid), Judge(other));

        // Backdating a genuine token breaks its signature.
        var genuine = FormToken.Issue(Key, Now).Split('.');
        genuine[1] = Now.AddMinutes(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new FormVerdict.NoValidToken(FormTokenProblem.Invalid), Judge(string.Join('.', genuine)));
    }

    [Fact]
    public void A_token_dated_in_the_future_beyond_clock_skew_is_invalid_and_an_old_one_expired()
    {
        Assert.Equal(new FormVerdict.NoValidToken(FormTokenProblem.Invalid), Judge(FormToken.Issue(Key, Now.AddHours(1))));
        Assert.IsType<FormVerdict.TooFast>(Judge(FormToken.Issue(Key, Now.AddSeconds(30))));
        Assert.Equal(new FormVerdict.NoValidToken(FormTokenProblem.Expired), Judge(FormToken.Issue(Key, Now.AddHours(-25))));
    }

    [Fact]
    public void A_filled_honeypot_is_recognised_even_with_a_valid_token() =>
        Assert.IsType<FormVerdict.Honeypot>(Judge(FormToken.Issue(Key, Now.AddMinutes(-1)), honeypot: "http://spam.example"));

    [Theory]
    [InlineData(0, 6, true)]
    [InlineData(4, 2, true)]
    [InlineData(4, 3, false)]
    [InlineData(6, 1, false)]
    public void The_payer_cap_counts_places_held_and_asked_together(int held, int asked, bool allowed) =>
        Assert.Equal(allowed, PlacesCap.Allows(held, asked, 6));
}
