namespace Fixtures.MissingDependencyLib;

public class Helper
{
    public virtual string Greet() => "hello";
}
