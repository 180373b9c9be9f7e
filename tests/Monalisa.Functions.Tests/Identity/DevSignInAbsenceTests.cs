using System.Reflection;
using System.Text.Json;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Microsoft.Azure.Functions.Worker;
using Monalisa.Functions.Hosting;
using Monalisa.LocalHost;

namespace Monalisa.Functions.Tests.Identity;

/// <summary>
/// The development sign-in exists only in the local host: what Azure runs (the Functions assembly and the
/// functions.metadata its build writes) has no sign-in route, no sign-in cookie and nothing to encrypt one with.
/// There, <c>/.auth/*</c> belongs to the platform (Easy Auth); the app only sends browsers to it.
/// </summary>
public sealed class DevSignInAbsenceTests
{
    private static readonly System.Reflection.Assembly Functions = typeof(ServiceCollectionExtensions).Assembly;

    [Fact]
    public void The_local_host_maps_the_dev_sign_in_at_easy_auths_own_path()
    {
        Assert.Equal("/.auth/login/aad", DevSignIn.LoginPath);
        Assert.Equal(Monalisa.Functions.Identity.StaffAccess.PlatformLoginPath, DevSignIn.LoginPath);
        Assert.Equal(typeof(LocalHostProgram).Assembly, typeof(DevSignIn).Assembly);
        Assert.DoesNotContain(Functions.GetTypes(), t => t.Name.Contains("SignIn", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_http_trigger_of_the_functions_app_has_a_route_under_auth()
    {
        var routes = from type in Functions.GetTypes()
                     from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                     from parameter in method.GetParameters()
                     from trigger in parameter.GetCustomAttributes<HttpTriggerAttribute>()
                     select (Function: $"{type.Name}.{method.Name}", Route: trigger.Route ?? "");
        var list = routes.ToList();

        Assert.NotEmpty(list);
        // The routes, not the class names: the editor's GitHub client (Cms/CmsOAuthFunctions.Auth, cms/auth) is not
        // Easy Auth's path, nor a sign-in of its own.
        Assert.DoesNotContain(list, r => r.Route.Contains(".auth", StringComparison.OrdinalIgnoreCase) || r.Route.Contains("login", StringComparison.OrdinalIgnoreCase)
            || r.Route.Contains("signin", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Functions_metadata_declares_no_route_under_auth()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var metadata = Path.Combine(RepositoryPaths.Root, "src", "Monalisa.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadata), $"{metadata} is missing: build the functions project first.");
        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        var routes = (from function in json.RootElement.EnumerateArray()
                      from binding in function.GetProperty("bindings").EnumerateArray()
                      where binding.GetProperty("type").GetString() == "httpTrigger"
                      select binding.TryGetProperty("route", out var r) ? r.GetString()! : function.GetProperty("name").GetString()!).ToList();

        Assert.Contains(routes, r => r.StartsWith("staff/", StringComparison.Ordinal));
        Assert.DoesNotContain(routes, r => r.Contains(".auth", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_functions_app_has_no_sign_in_cookie_nor_data_protection_to_encrypt_one()
    {
        var architecture = new ArchLoader().LoadAssemblies(Functions, typeof(LocalHostProgram).Assembly).Build();
        bool DependsOnDataProtection(IType t) => t.Dependencies.Any(d => d.Target.FullName.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));

        var functionsUsers = architecture.Types.Where(t => t.Assembly.FullName == Functions.FullName && DependsOnDataProtection(t)).Select(t => t.FullName).ToList();
        Assert.True(functionsUsers.Count == 0, "Monalisa.Functions uses Data Protection: " + string.Join(", ", functionsUsers));
        // The rule can fail: the local host's dev sign-in is such a user.
        Assert.Contains(architecture.Types, t => t.Assembly.FullName != Functions.FullName && DependsOnDataProtection(t));

        using var assembly = Mono.Cecil.AssemblyDefinition.ReadAssembly(Functions.Location);
        var literals = (from type in assembly.MainModule.GetTypes()
                        from method in type.Methods
                        where method.HasBody
                        from instruction in method.Body.Instructions
                        where instruction.OpCode == Mono.Cecil.Cil.OpCodes.Ldstr
                        select (string)instruction.Operand).ToList();
        var constants = from type in Functions.GetTypes()
                        from field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                        where field.IsLiteral && field.FieldType == typeof(string)
                        select (string)field.GetRawConstantValue()!;
        Assert.DoesNotContain(literals.Concat(constants), s => s.Contains(DevSignIn.CookieName, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_http_trigger_is_anonymous_to_the_host_so_that_no_function_key_opens_or_guards_anything()
    {
        var levels = (from type in Functions.GetTypes()
                      from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                      from parameter in method.GetParameters()
                      from trigger in parameter.GetCustomAttributes<HttpTriggerAttribute>()
                      select (Function: $"{type.Name}.{method.Name}", trigger.AuthLevel)).ToList();

        Assert.NotEmpty(levels);
        var keyed = levels.Where(l => l.AuthLevel != AuthorizationLevel.Anonymous).Select(l => $"{l.Function}: {l.AuthLevel}").ToList();
        Assert.True(keyed.Count == 0, "HTTP functions guarded by a function key (staff routes call StaffAccess.Check instead):\n" + string.Join("\n", keyed));
    }
}
