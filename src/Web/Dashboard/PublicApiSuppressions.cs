using System.Diagnostics.CodeAnalysis;

// Razor makes every component a public class (no directive makes one internal): the dashboard's pages and layouts are
// no API of this package, so the public API analyzer does not track what it generates from the .razor files here.
[assembly: SuppressMessage("ApiDesign", "RS0016:Add public types and members to the declared API",
    Scope = "namespaceanddescendants", Target = "~N:Kairos.Web.Dashboard",
    Justification = "Razor components are public by construction; they are not part of the package's API.")]
[assembly: SuppressMessage("ApiDesign", "RS0041:Public members should not use oblivious types",
    Scope = "namespaceanddescendants", Target = "~N:Kairos.Web.Dashboard",
    Justification = "Razor-generated BuildRenderTree of the dashboard's components.")]
