using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Monalisa.Architecture.Tests;

/// <summary>The compiled code of the domain and of the Functions app, loaded once for every rule.</summary>
internal static class Code
{
    public static readonly ArchUnitNET.Domain.Architecture Monalisa = new ArchLoader()
        .LoadAssemblies(typeof(Domain.Enrolment.EnrolmentRecord).Assembly, System.Reflection.Assembly.Load("Monalisa.Functions"))
        .Build();

    public const string FunctionsRoot = "Monalisa.Functions";
}

public sealed class DomainRules
{
    /// <summary>Infrastructure and transport libraries: none of their types may appear in the domain.</summary>
    private const string Infrastructure = @"^(Azure|Stripe|SendGrid|Microsoft\.AspNetCore|Microsoft\.Azure)(\..*)?$";

    [Fact]
    public void The_domain_references_no_Azure_Stripe_SendGrid_or_AspNetCore_type()
    {
        var rule = Types().That().ResideInNamespaceMatching(@"^Monalisa\.Domain(\..*)?$")
            .Should().NotDependOnAny(Types(true).That().ResideInNamespaceMatching(Infrastructure))
            .Because("the domain is plain C#: it decides, the Functions app stores and talks to Stripe and SendGrid");

        rule.Check(Code.Monalisa);
    }
}
