namespace Kairos.Host.Scripts.Header;

/// <summary>One <c>// kairos: key = value</c> line of a script, with 1-based positions in the file.</summary>
internal readonly record struct ScriptHeaderLine(int Line, int KeyColumn, string Key, int ValueColumn, string Value, bool AfterCode, bool Malformed);
