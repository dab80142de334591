namespace Kairos.Host.Operations;

/// <summary>The sentence of an error as the CLI prints it: an <see cref="ArgumentException"/>'s message without the "(Parameter 'x')" .NET appends.</summary>
internal static class ErrorText
{
    public static string Of(Exception error)
    {
        var message = error.Message;
        if (error is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                return message[..^suffix.Length];
            }
        }
        return message;
    }
}
