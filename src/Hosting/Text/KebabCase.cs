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
    public static string Of(string pascal)
    {
        var kebab = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                kebab.Append('-');
            }
            kebab.Append(char.ToLowerInvariant(pascal[i]));
        }
        return kebab.ToString();
    }

    /// <summary><see cref="Of"/> as a JSON naming policy, for <see cref="JsonStringEnumConverter"/>.</summary>
    public static JsonNamingPolicy Policy { get; } = new KebabNamingPolicy();

    /// <summary>The word of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a member of its enum.</exception>
    public static string Word<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Table<TEnum>.IndexOf(value) is >= 0 and var i
            ? Table<TEnum>.All[i]
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no member {value}");

    /// <summary>Every word of <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Words<TEnum>() where TEnum : struct, Enum => Table<TEnum>.All;

    /// <summary>Reads a word written by <see cref="Word"/>; nothing else (no numbers, no member names).</summary>
    public static bool TryParse<TEnum>(string? word, out TEnum value, bool ignoreCase = false) where TEnum : struct, Enum
    {
        var words = Table<TEnum>.All;
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var i = 0; word is not null && i < words.Length; i++)
        {
            if (string.Equals(words[i], word, comparison))
            {
                value = Table<TEnum>.Values[i];
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Reads a stored word; a word that is none of <typeparamref name="TEnum"/>'s is a damaged store.</summary>
    /// <exception cref="FormatException">The word is unknown; the message quotes it and the known words.</exception>
    public static TEnum Parse<TEnum>(string word) where TEnum : struct, Enum =>
        TryParse<TEnum>(word, out var value)
            ? value
            : throw new FormatException($"'{word}' is not a {typeof(TEnum).Name}: expected one of {string.Join(", ", Table<TEnum>.All)}");

    /// <summary>
    /// An enum's members and their words, in declaration order, as two arrays searched in turn (an enum has a handful
    /// of members). Plain arrays and loops: frozen dictionaries and LINQ over an enum are generic code over a value type,
    /// which ReadyToRun cannot precompile, and compiling it took a CLI verb tens of milliseconds before its first output.
    /// The tables are made with the non-generic forms of the runtime's calls (<c>Enum.GetValues(Type)</c>, <c>GetName(Type, object)</c>,
    /// <c>Attribute.GetCustomAttribute</c>) for the same reason: their generic forms over an enum (and a <c>List</c> of it) were
    /// compiled at the first use of each enum, a few milliseconds of every CLI verb (<c>KairosOptions.StoreKind</c>).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2263",
        Justification = "The generic overloads of Enum.GetValues and GetName are generic code over the enum: compiled at run time, see above.")]
    private static class Table<TEnum> where TEnum : struct, Enum
    {
        public static readonly TEnum[] Values = Distinct((TEnum[])Enum.GetValues(typeof(TEnum)));
        public static readonly string[] All = Spell(Values);

        public static int IndexOf(TEnum value)
        {
            var values = Values;
            for (var i = 0; i < values.Length; i++)
            {
                if (EqualityComparer<TEnum>.Default.Equals(values[i], value))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>The members without the aliases (two names of one value): the first name of each value.</summary>
        private static TEnum[] Distinct(TEnum[] members)
        {
            var distinct = new TEnum[members.Length];
            var count = 0;
            foreach (var member in members)
            {
                var seen = false;
                for (var i = 0; i < count && !seen; i++)
                {
                    seen = Equals(distinct[i], member);
                }
                if (!seen)
                {
                    distinct[count++] = member;
                }
            }
            var values = new TEnum[count];
            Array.Copy(distinct, values, count);
            return values;
        }

        private static string[] Spell(TEnum[] values)
        {
            var words = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var name = Enum.GetName(typeof(TEnum), values[i])!;
                words[i] = typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static) is { } field
                    && Attribute.GetCustomAttribute(field, typeof(JsonStringEnumMemberNameAttribute)) is JsonStringEnumMemberNameAttribute member
                    ? member.Name
                    : Of(name);
            }
            return words;
        }
    }

    private sealed class KebabNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => Of(name);
    }
}
