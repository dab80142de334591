namespace Kairos.Host.Scripts.Header;

/// <summary>
/// Something wrong in a script's <c>// kairos:</c> header: 1-based line and column in the user's file, a stable code
/// (<c>KRS001</c>…) and a message that quotes the value and says what was expected.
/// </summary>
internal sealed record ScriptHeaderError(int Line, int Column, string Code, string Message)
{
    public const string UnknownKey = "KRS001";
    public const string InvalidValue = "KRS002";
    public const string DuplicateKey = "KRS003";
    public const string MissingId = "KRS004";
    public const string AfterCode = "KRS005";
    public const string MissingSchedule = "KRS006";
    public const string Malformed = "KRS007";

    /// <summary>Formats as <c>path(line,col): error KRS00n: message</c>, like compiler diagnostics.</summary>
    public string Format(string path) => $"{path}({Line},{Column}): error {Code}: {Message}";
}
