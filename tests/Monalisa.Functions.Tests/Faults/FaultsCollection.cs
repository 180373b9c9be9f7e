namespace Monalisa.Functions.Tests.Faults;

/// <summary>
/// Tests that start and stop their own Azurite or flood the API: run alone, after the others, so that they neither
/// slow the shared Azurite's tests nor get slowed by them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "faults";
}
