using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kairos.Host.Text;

/// <summary>
/// The one spelling of an enum value outside the process: <c>WaitingForHandler</c> is <c>waiting-for-handler</c>, unless
/// the member names its word with <see cref="JsonStringEnumMemberNameAttribute"/> (<c>litedb</c>). JSON (CLI and control
/// API), BSON (LiteDB) and SQL (PostgreSQL) all spell states with it, so the stored and printed words are one table.
/// </summary>
internal static class KebabCase
{
    /// <summary>A PascalCase name in kebab case: <c>FireOnce</c> as <c>fire-once</c>.</summary>
    public static string Of(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary><see cref="Of"/> as a JSON naming policy, for <see cref="JsonStringEnumConverter"/>.</summary>
    public static JsonNamingPolicy Policy { get; } = new KebabNamingPolicy();

    /// <summary>The word of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a member of its enum.</exception>
    public static string Word<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Table<TEnum>.Words.TryGetValue(value, out var word)
            ? word
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member {value}");

    /// <summary>Every word of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Words<TEnum>() where TEnum : struct, Enum => Table<TEnum>.All;

    /// <summary>Reads a word written by <see cref="Word"/>; nothing else (no numbers, no member names).</summary>
    public static bool TryParse<TEnum>(string? word, out TEnum value, bool ignoreCase = false) where TEnum : struct, Enum
    {
        value = default;
        return word is not null && (ignoreCase ? Table<TEnum>.ByWordIgnoreCase : Table<TEnum>.ByWord).TryGetValue(word, out value);
    }

    /// <summary>Reads a stored word; a word that is none of <typeparamref name="TEnum"/>'s is a damaged store.</summary>
    /// <exception cref="FormatException">The word is unknown; the message quotes it and the known words.</exception>
    public static TEnum Parse<TEnum>(string word) where TEnum : struct, Enum =>
        TryParse<TEnum>(word, out var value)
            ? value
            : throw new FormatException($"'{word}' is not a {typeof(TEnum).Name}: expected one of {string.Join(", ", Table<TEnum>.All)}");

    private static class Table<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> Words = Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, Spell);
        public static readonly IReadOnlyList<string> All = [.. Enum.GetValues<TEnum>().Distinct().Select(v => Words[v])];
        public static readonly FrozenDictionary<string, TEnum> ByWord = Words.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        public static readonly FrozenDictionary<string, TEnum> ByWordIgnoreCase =
            Words.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        private static string Spell(TEnum value)
        {
            var name = Enum.GetName(value)!;
            return typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? Of(name);
        }
    }

    private sealed class KebabNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => Of(name);
    }
}
