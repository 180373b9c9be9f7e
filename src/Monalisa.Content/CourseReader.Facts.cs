using System.Globalization;
using Monalisa.Domain.Catalogue;
using Monalisa.Domain.Tariffs;
using Monalisa.Domain.Text;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using static Monalisa.Content.CourseKeys;

namespace Monalisa.Content;

/// <summary>The course facts the after-sale documents rest on: the day's break (half-days) and the BPF's classification.</summary>
public static partial class CourseReader
{
    /// <summary>
    /// Optional (the BPF lists a course without it as an anomaly); when present, complete: the F-3 objective as the Cerfa's
    /// letter (a–f) and the F-4 speciality as an NSF code, three digits and optionally the field's letter (« 332 », « 332t »).
    /// </summary>
    private static CourseBpf? ReadBpf(CourseFrontMatter.BpfYaml? raw, Checker check)
    {
        if (raw is null) return null;
        var objective = check.Required(raw.Objective, $"{Bpf}.{Objective}");
        BpfObjective? letter = null;
        if (objective is not null)
        {
            if (objective.Length == 1 && Enum.TryParse<BpfObjective>(objective, ignoreCase: true, out var parsed) && char.IsLetter(objective[0]))
                letter = parsed;
            else
                check.Error($"{Bpf}.{Objective}", "indiquez la lettre de l'objectif au cadre F-3 du BPF, de « a » à « f » (« d » : autres formations professionnelles).");
        }
        var speciality = check.Required(raw.Speciality, $"{Bpf}.{Speciality}");
        if (speciality is not null && !IsNsfCode(speciality))
            check.Error($"{Bpf}.{Speciality}", "indiquez un code NSF : trois chiffres, éventuellement suivis de la lettre du champ (« 332 », « 332t »).");
        var label = check.Required(raw.SpecialityLabel, $"{Bpf}.{SpecialityLabel}");
        return letter is { } l && speciality is not null && IsNsfCode(speciality) && label is not null
            ? new CourseBpf(l, speciality, label)
            : null;
    }

    private static bool IsNsfCode(string code) =>
        code.Length is 3 or 4 && code[..3].All(char.IsAsciiDigit) && (code.Length == 3 || char.IsAsciiLetterLower(code[3]));

    /// <summary>Optional: without it a day is one slot; with it, it must fall strictly inside the day.</summary>
    private static TimeSlot? ReadBreak(CourseFrontMatter.SlotYaml? raw, TimeOnly? dayStart, TimeOnly? dayEnd, Checker check)
    {
        if (raw is null) return null;
        var start = check.Time(raw.Start, $"{Schedule}.{Break}.{Start}");
        var end = check.Time(raw.End, $"{Schedule}.{Break}.{End}");
        if (start is null || end is null) return null;
        if (end <= start)
            check.Error($"{Schedule}.{Break}.{End}", "la fin de la pause doit suivre son début.");
        else if (dayStart is not null && dayEnd is not null && (start <= dayStart || end >= dayEnd))
            check.Error($"{Schedule}.{Break}", "la pause doit tomber entre le début et la fin de la journée.");
        else
            return new TimeSlot(start.Value, end.Value);
        return null;
    }
}
