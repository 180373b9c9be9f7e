using Monalisa.Domain.Enrolment;
using Monalisa.Domain.Notices;
using Monalisa.Domain.Validation;

namespace Monalisa.Domain.Tests;

/// <summary>
/// Issue 14: the association's sender is never a relay for strangers (who is mailed before confirmation, and what of
/// their text is quoted back), duplicates are told at the addresses on file, and look-alike addresses are one person.
/// </summary>
public sealed class MailSafetyTests
{
    [Fact]
    public void A_new_invoice_enrolment_mails_only_its_payer_and_staff_never_the_trainee_addresses()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice)
            .WithTrainees([.. Enumerable.Range(0, 10).Select(i => $"victim{i}@example.org")]).Build();

        Assert.Equal([Notice.ToPayer(EmailKind.EnrolmentRegistered), Notice.ToStaff(EmailKind.StaffNewEnrolment)], NoticePlan.ForNewEnrolment(enrolment));
    }

    [Fact]
    public void A_waiting_list_request_mails_only_its_payer_and_staff()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.WaitingList).WithoutSeats().WithTrainees("a@example.org", "b@example.org").Build();

        Assert.Equal([Notice.ToPayer(EmailKind.WaitingList), Notice.ToStaff(EmailKind.StaffWaitingList)], NoticePlan.ForNewEnrolment(enrolment));
    }

    [Fact]
    public void A_card_hold_sends_its_payer_the_way_back_to_the_payment_page()
    {
        var enrolment = new EnrolmentBuilder().In(EnrolmentState.PendingPayment).WithTrainees("a@example.org", "b@example.org").Build();

        Assert.Equal([Notice.ToPayer(EmailKind.ResumePayment)], NoticePlan.ForNewEnrolment(enrolment));
    }

    [Fact]
    public void Trainees_get_their_convocation_once_the_enrolment_is_confirmed()
    {
        var before = new EnrolmentBuilder().In(EnrolmentState.AwaitingInvoice).WithTrainees("a@example.org", "b@example.org").Build();

        var notices = NoticePlan.ForMove(before, before with { State = EnrolmentState.Confirmed });

        Assert.Equal(2, notices.Count(n => n is { Role: RecipientRole.Trainee, Kind: EmailKind.Convocation }));
    }

    [Fact]
    public void A_stranger_asking_again_for_enrolled_people_makes_each_of_them_and_staff_hear_of_it_not_the_stranger()
    {
        var existing = new EnrolmentBuilder().In(EnrolmentState.Confirmed).WithTrainees("a@example.org", "b@example.org", "c@example.org").Build();

        var notices = NoticePlan.ForDuplicateRequest(existing, [0, 2], "stranger@example.net");

        Assert.Equal([Notice.ToTrainee(EmailKind.DuplicateRequest, 0), Notice.ToTrainee(EmailKind.DuplicateRequest, 2), Notice.ToStaff(EmailKind.StaffDuplicateRequest)], notices);
    }

    [Fact]
    public void The_payer_on_file_asking_again_during_a_card_hold_gets_the_payment_link_and_the_trainees_are_left_alone()
    {
        var existing = new EnrolmentBuilder().In(EnrolmentState.PendingPayment).PaidBy("compta@example.org").WithTrainees("a@example.org", "b@example.org").Build();

        var notices = NoticePlan.ForDuplicateRequest(existing, [0, 1], " Compta@Example.org ");

        Assert.Equal([Notice.ToPayer(EmailKind.ResumePayment), Notice.ToStaff(EmailKind.StaffDuplicateRequest)], notices);
    }

    [Fact]
    public void The_payer_on_file_asking_again_after_confirmation_is_told_the_places_are_already_theirs()
    {
        var existing = new EnrolmentBuilder().In(EnrolmentState.Confirmed).PaidBy("compta@example.org").Build();

        Assert.Equal([Notice.ToPayer(EmailKind.DuplicateRequest), Notice.ToStaff(EmailKind.StaffDuplicateRequest)],
            NoticePlan.ForDuplicateRequest(existing, [0], "compta@example.org"));
    }

    [Theory]
    [InlineData("Jean Dupont", "Jean Dupont")]
    [InlineData("Mairie de Lyon, CCAS", "Mairie de Lyon, CCAS")]
    [InlineData("Gagnez 1000 € https://evil.example/x", "Gagnez 1000 €")]
    [InlineData("Cliquez www.evil.example maintenant", "Cliquez maintenant")]
    [InlineData("Visitez evil-site.com\r\nou écrivez à a@b.fr", "Visitez ou écrivez à")]
    [InlineData("ｈｔｔｐｓ://ｅｖｉｌ．ｅｘａｍｐｌｅ Paul", "Paul")]
    [InlineData("Jean\u200B\u202EDupont\u00AD", "JeanDupont")]
    [InlineData("J.-P. Martin", "J.-P. Martin")]
    [InlineData("   ", "")]
    public void A_typed_name_is_quoted_back_on_one_line_without_links_or_hidden_characters(string typed, string shown) =>
        Assert.Equal(shown, SafeName.Of(typed));

    [Fact]
    public void A_long_typed_name_is_cut_to_sixty_characters()
    {
        var shown = SafeName.Of(string.Concat(Enumerable.Repeat("Association ", 20)));

        Assert.True(shown.Length <= SafeName.MaxLength, shown);
        Assert.EndsWith("…", shown);
    }

    [Theory]
    [InlineData("Anne.Martin@Example.ORG", "Anne.Martin@example.org")]
    [InlineData("  anne@example.org ", "anne@example.org")]
    [InlineData("ａｎｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ", "anne@example.org")]
    public void An_address_is_kept_in_one_spelling_nfkc_trimmed_with_its_domain_in_lower_case(string typed, string kept)
    {
        Assert.Equal(kept, EmailNormalisation.Normalise(typed, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("anne\u200B@example.org")]
    [InlineData("anne@exam\u200Dple.org")]
    [InlineData("\u202Egro.elpmaxe@enna")]
    [InlineData("anne\u2066@example.org")]
    [InlineData("an\u00ADne@example.org")]
    [InlineData("anne@example.org\uFEFF")]
    public void An_address_with_a_zero_width_bidi_or_soft_hyphen_character_is_refused_with_a_french_field_message(string typed)
    {
        var errors = new FieldErrors();

        Assert.Null(EnrolmentValidator.Email(typed, "trainees[0].email", "requis", errors));
        Assert.Equal([EmailNormalisation.HiddenCharacters], errors.ToDictionary()["trainees[0].email"]);
    }
}
