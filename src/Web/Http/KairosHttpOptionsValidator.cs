using Microsoft.Extensions.Options;

namespace Kairos.Web.Http;

/// <summary>
/// Refuses settings the web server cannot serve safely: an address that is not one, or an address other than
/// loopback without <see cref="KairosHttpOptions.AccessToken"/> (never an open port with no password, and never a default one).
/// </summary>
internal sealed class KairosHttpOptionsValidator : IValidateOptions<KairosHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, KairosHttpOptions options)
    {
        var urls = HttpAddresses.Parse(options.Urls, out var problem);
        if (problem is not null)
        {
            return ValidateOptionsResult.Fail(problem);
        }
        if (string.IsNullOrWhiteSpace(options.AccessToken) && urls.FirstOrDefault(u => !HttpAddresses.IsLoopback(u)) is { } open)
        {
            return ValidateOptionsResult.Fail(
                $"Kairos:Http:Urls has '{open}', which is not a loopback address: set Kairos:Http:AccessToken (a long random secret) so that every request needs it, or listen on 127.0.0.1");
        }
        if (options.ReadOnlyToken is { } readOnly && readOnly == options.AccessToken)
        {
            return ValidateOptionsResult.Fail("Kairos:Http:ReadOnlyToken is the same as Kairos:Http:AccessToken: expected two different secrets");
        }
        return ValidateOptionsResult.Success;
    }
}
