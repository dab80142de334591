using NpgsqlTypes;
using Npgsql;

namespace Kairos.Host.Storage.Postgres;

/// <summary>Typed parameters, so nulls keep their PostgreSQL type and instants go in as UTC.</summary>
internal static class PostgresParameters
{
    public static NpgsqlParameterCollection Text(this NpgsqlParameterCollection parameters, string name, string? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Instant(this NpgsqlParameterCollection parameters, string name, DateTimeOffset? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Int(this NpgsqlParameterCollection parameters, string name, int value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection NullableInt(this NpgsqlParameterCollection parameters, string name, int? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Long(this NpgsqlParameterCollection parameters, string name, long value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection Bool(this NpgsqlParameterCollection parameters, string name, bool value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Boolean) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection Json(this NpgsqlParameterCollection parameters, string name, string value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection Texts(this NpgsqlParameterCollection parameters, string name, IEnumerable<string> values)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return parameters;
    }

    /// <summary>An array of instants (timestamptz[]), nulls kept.</summary>
    public static NpgsqlParameterCollection Instants(this NpgsqlParameterCollection parameters, string name, IEnumerable<DateTimeOffset?> values)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.UtcDateTime).ToArray() });
        return parameters;
    }

    public static NpgsqlParameterCollection Interval(this NpgsqlParameterCollection parameters, string name, TimeSpan value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Interval) { Value = value });
        return parameters;
    }
}
