using System.Text.Json.Serialization;
using Kairos.Host.Operations;
using Kairos.Host.Text;
using Kairos.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Kairos.Web.Http;

/// <summary>
/// The OpenAPI document of Kairos's own server at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi), generated
/// from the API's routes (their names, summaries, answers and problem answers), with the bearer token as its security
/// scheme. The schemas are those of the CLI's <c>--json</c> shapes: camelCase names and enum words in kebab case.
/// </summary>
internal static class ApiDocument
{
    /// <summary>The document's name, in its path.</summary>
    public const string Name = "v1";

    /// <summary>Where the document lives.</summary>
    public const string Path = "/openapi/{documentName}.json";

    public static void Add(IServiceCollection services)
    {
        // The schemas follow JsonOutput: its enum words, not the framework's numbers.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(KebabCase.Policy)));
        services.AddOpenApi(Name, o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(KairosWebServer.ApiPrefix.TrimStart('/') + "/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Kairos",
                    Version = KairosScheduler.Version ?? "0",
                    Description = "The Kairos scheduler's HTTP API: the scheduler API as JSON, in the shapes of the CLI's --json output. "
                        + "Errors are problem details (RFC 9457) whose detail says what was wrong: 404 for an unknown job or run, 400 for bad input.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["bearer"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description = "Kairos:Http:AccessToken (everything) or Kairos:Http:ReadOnlyToken (GET only); needed unless no token is set (loopback only)",
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>Serves the document behind the API's access rule.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEndpointFilter access) =>
        endpoints.MapOpenApi(Path).AddEndpointFilter(access).WithTags(ApiEndpoints.Tag);
}
