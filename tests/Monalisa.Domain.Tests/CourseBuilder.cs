using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;

namespace Monalisa.Domain.Tests;

/// <summary>Builds courses for tests; defaults mirror the first course's tariffs.</summary>
internal sealed class CourseBuilder
{
    private int _days = 2;
    private decimal _professional = 250m;
    private decimal _volunteer = 150m;
    private decimal? _intra = 1500m;
    private readonly List<CourseSession> _sessions = [];

    public CourseBuilder Days(int days) { _days = days; return this; }
    public CourseBuilder InterRates(decimal professional, decimal volunteer) { _professional = professional; _volunteer = volunteer; return this; }
    public CourseBuilder IntraPerDay(decimal? perDay) { _intra = perDay; return this; }
    public CourseBuilder WithSession(string id, DateOnly start, int capacity = 12)
    {
        _sessions.Add(new CourseSession { Id = id, Start = start, End = start.AddDays(_days - 1), City = "Lyon", Venue = "Salle", Address = "1 rue", Capacity = capacity });
        return this;
    }

    public Course Build() => new()
    {
        Slug = "cours-de-test", Title = "Cours de test", Subtitle = "Sous-titre", Description = "Description",
        Duration = new CourseDuration(_days, _days * 7), Format = "En présentiel", Location = "Intra ou inter-organisme",
        Schedule = new DailySchedule(new TimeOnly(9, 0), new TimeOnly(17, 0), new TimeSlot(new TimeOnly(12, 30), new TimeOnly(13, 30))), Audience = "Public",
        Prerequisites = ["Prérequis"], Objectives = ["Objectif"], Contents = [new ContentSection("Partie", ["Point"])],
        Methods = "Méthodes", Assessment = "Évaluation", EndOfCourse = "Attestation", Funding = ["OPCO"], Results = [], CalendarNote = "", Updated = new DateOnly(2026, 11, 26),
        Tariffs = new TariffSchedule(
            [new InterRate(TraineeCategory.Professional, "Professionnel", _professional), new InterRate(TraineeCategory.Volunteer, "Bénévole", _volunteer)],
            _intra),
        Sessions = _sessions,
    };
}
