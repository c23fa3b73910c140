using System.Globalization;
using GasTown.Federation.Query;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GtWeb.Api;

/// <summary>
/// The OpenAPI types of the query values the API takes as text and reads itself (<see cref="Paging.Limit"/>,
/// <see cref="Inputs"/>): the document says what a client must send (an integer from 1 to the largest page, a boolean, the
/// forms of an audit window's start), not the text the endpoints bind so that a bad value is a problem that names it.
/// </summary>
internal sealed class QueryValueSchemas : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In != ParameterLocation.Query)
            {
                continue;
            }

            parameter.Schema = parameter.Name switch
            {
                "limit" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = "1",
                    Maximum = GtWebDefaults.MaxPageSize.ToString(CultureInfo.InvariantCulture),
                },
                "include_delegated" => new OpenApiSchema { Type = JsonSchemaType.Boolean },
                // Not format date-time: a date or a duration back from now (7d) is one too (AuditSince).
                "since" when context.Description.RelativePath == "api/audit" => new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Only entries at or after this: " + AuditSince.Forms + ".",
                },
                _ => parameter.Schema,
            };
        }

        return Task.CompletedTask;
    }
}
