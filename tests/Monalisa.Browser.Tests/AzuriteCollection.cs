namespace Monalisa.Browser.Tests;

/// <summary>The browser tests share one Azurite and one Chromium (xunit wants the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "azurite";
}
