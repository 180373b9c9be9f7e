namespace Monalisa.Testing;

/// <summary>
/// xunit trait for the tests the inner loop skips (faults, fuzzing, browsers):
/// <c>[Trait(TestCategory.Name, TestCategory.Slow)]</c>, then <c>dotnet test --filter "Category!=Slow"</c>. CI runs them all.
/// </summary>
public static class TestCategory
{
    public const string Name = "Category";
    public const string Slow = nameof(Slow);
}
