using Microsoft.Extensions.Time.Testing;
using Monalisa.Functions.Cms;

namespace Monalisa.Functions.Tests.Cms;

/// <summary>The OAuth state rule alone, without HTTP: one browser, ten minutes, a cookie nobody can forge or extend.</summary>
public sealed class OAuthStateTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private OAuthState State(string secret = "secret-of-the-oauth-app") => new(secret, _clock);

    [Fact]
    public void The_state_issued_with_its_cookie_is_valid_until_ten_minutes_have_passed()
    {
        var (state, cookie) = State().Issue();

        Assert.Equal(StateCheck.Valid, State().Check(state, cookie));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(StateCheck.Valid, State().Check(state, cookie));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StateCheck.Expired, State().Check(state, cookie));
    }

    [Fact]
    public void Each_sign_in_gets_its_own_state()
    {
        Assert.NotEqual(State().Issue().State, State().Issue().State);
    }

    [Fact]
    public void A_cookie_whose_expiry_was_pushed_back_is_refused()
    {
        var (state, cookie) = State().Issue();
        var parts = cookie.Split('.');
        var extended = $"{parts[0]}.{long.Parse(parts[1]) + 3600}.{parts[2]}";

        Assert.Equal(StateCheck.Mismatch, State().Check(state, extended));
    }

    [Fact]
    public void A_cookie_signed_with_another_secret_or_for_another_state_is_refused()
    {
        var (state, cookie) = State().Issue();
        var (otherState, _) = State().Issue();

        Assert.Equal(StateCheck.Mismatch, State("another-secret").Check(state, cookie));
        Assert.Equal(StateCheck.Mismatch, State().Check(otherState, cookie));
        Assert.Equal(StateCheck.Mismatch, State().Check(state, "not-a-cookie"));
    }

    [Fact]
    public void Without_the_state_or_the_cookie_nothing_is_checked()
    {
        var (state, cookie) = State().Issue();

        Assert.Equal(StateCheck.Missing, State().Check(state, null));
        Assert.Equal(StateCheck.Missing, State().Check(null, cookie));
    }
}
