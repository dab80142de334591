using Kairos.Host.Scripts.Closure;

namespace Kairos.Tests.Scripts.Closure;

public sealed class ScriptDirectivesTests
{
    [Fact]
    public void Read_FindsLoadAndReferenceDirectives_AmongHeaderAndComments()
    {
        const string text = """
            #!/usr/bin/env dotnet-script
            // kairos: id = a
            /* block
               #load "not-this.csx" */
            #load "lib/a.csx"
            #r "bin/Tool.dll" // the tool
            #load   "lib/b.csx"
            #nullable enable

            var x = 1;
            #load "too-late.csx"
            """;

        var directives = ScriptDirectives.Read(text);

        Assert.Equal(["lib/a.csx", "lib/b.csx"], directives.Loads);
        Assert.Equal(["bin/Tool.dll"], directives.References);
    }

    [Fact]
    public void Read_FindsNothing_InAScriptWithoutDirectives() =>
        Assert.Empty(ScriptDirectives.Read("// kairos: id = a\nreturn;\n").Loads);
}
