using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackEnd.Crud;
using BackEnd.Crud.Internal;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.Routing;
using Microsoft.OpenApi;

namespace BackEnd.OpenApi.Internal;

/// <summary>Builds the OpenAPI 3.1 document from the compiled endpoints and writes it with Microsoft.OpenApi.</summary>
internal static partial class OpenApiDocumentBuilder
{
    private const string ProblemSchema = "ProblemDetails";
    private const string BearerScheme = "bearer";

    [GeneratedRegex(@"\{(?<star>\*{1,2})?(?<name>[^}:=?*]+)(?<constraints>(:[^}=?]+)*)(=[^}]*)?\??\}")]
    private static partial Regex Parameter();

    [RequiresUnreferencedCode("Describes handler parameters and body types with reflection.")]
    [RequiresDynamicCode("Describes body types with reflection-based JSON metadata.")]
    public static byte[] Build(OpenApiOptions options, IReadOnlyList<Endpoint> endpoints, JsonSerializerOptions json)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo { Title = options.Title, Version = options.Version, Description = options.Description },
            Servers = [new OpenApiServer { Url = options.ServerUrl }],
            Paths = [],
            Components = new OpenApiComponents { Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) },
        };
        var schemas = new SchemaConverter(json, document);
        document.Components.Schemas[ProblemSchema] = ProblemDetailsSchema();
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        var secured = false;
        foreach (var endpoint in endpoints)
        {
            var described = Merge(endpoint.Metadata);
            if (described.Excluded || endpoint.HttpMethods.Count == 0)
            {
                continue;
            }

            var (path, routeParameters) = PathOf(endpoint.Pattern);
            if (!document.Paths.TryGetValue(path, out var pathItem))
            {
                pathItem = new OpenApiPathItem();
                document.Paths[path] = pathItem;
            }

            var item = (OpenApiPathItem)pathItem;
            var requiresAuth = endpoint.Metadata.OfType<AuthorizationMetadata>().Any() && !endpoint.Metadata.OfType<AllowAnonymousMetadata>().Any();
            secured |= requiresAuth;
            foreach (var method in endpoint.HttpMethods)
            {
                var operation = new OpenApiOperation
                {
                    Parameters = [.. routeParameters],
                    Responses = [],
                };
                var resource = endpoint.Metadata.OfType<ResourceEndpointMetadata>().FirstOrDefault();
                if (resource is not null)
                {
                    DescribeResource(operation, resource, schemas);
                }
                else
                {
                    DescribeHandler(operation, endpoint.Metadata.OfType<MethodInfo>().LastOrDefault(), method, routeParameters, schemas);
                }

                operation.Summary = described.Summary ?? operation.Summary ?? $"{method} {path}";
                operation.Description = described.Description;
                var id = described.OperationId ?? OperationIdOf(method, path);
                for (var i = 2; !operationIds.Add(id); i++)
                {
                    id = (described.OperationId ?? OperationIdOf(method, path)) + i.ToString(CultureInfo.InvariantCulture);
                }

                operation.OperationId = id;
                if (described.Tags is { Count: > 0 } names)
                {
                    operation.Tags = new HashSet<OpenApiTagReference>(names.Select(n => new OpenApiTagReference(n, document)));
                    tags.UnionWith(names);
                }

                if (requiresAuth)
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                    operation.Responses["401"] = Problem("The caller is not signed in.");
                    operation.Responses["403"] = Problem("The caller may not do this.");
                }
                else
                {
                    operation.Security = [];
                }

                if (!operation.Responses.Keys.Any(static k => k.StartsWith('4')))
                {
                    operation.Responses["400"] = Problem("The request is malformed.");
                }

                item.Operations ??= [];
                item.Operations[new HttpMethod(method)] = operation;
            }
        }

        if (secured)
        {
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
            {
                [BearerScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A bearer token, or the session cookie." },
            };
        }

        if (tags.Count > 0)
        {
            document.Tags = new HashSet<OpenApiTag>(tags.Select(static t => new OpenApiTag { Name = t, Description = t }));
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var writer = new OpenApiJsonWriter(text);
        document.SerializeAsV31(writer);
        text.Flush();
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static OpenApiOperationMetadata Merge(IReadOnlyList<object> metadata)
    {
        var merged = new OpenApiOperationMetadata();
        var tags = new List<string>();
        foreach (var item in metadata.OfType<OpenApiOperationMetadata>())
        {
            merged = merged with
            {
                Summary = item.Summary ?? merged.Summary,
                Description = item.Description ?? merged.Description,
                OperationId = item.OperationId ?? merged.OperationId,
                Excluded = merged.Excluded || item.Excluded,
            };
            tags.AddRange(item.Tags ?? []);
        }

        return merged with { Tags = [.. tags.Distinct(StringComparer.Ordinal)] };
    }

    private static string OperationIdOf(string method, string path)
    {
        var builder = new StringBuilder(method.ToLowerInvariant());
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = part.Trim('{', '}');
            var prefix = part.StartsWith('{') ? "By" : string.Empty;
            builder.Append(prefix).Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }

        return Regex.Replace(builder.ToString(), "[^A-Za-z0-9_]", "_");
    }

    private static (string Path, List<IOpenApiParameter> Parameters) PathOf(string pattern)
    {
        var parameters = new List<IOpenApiParameter>();
        var path = Parameter().Replace(pattern, match =>
        {
            var name = match.Groups["name"].Value;
            var schema = new OpenApiSchema { Type = JsonSchemaType.String };
            foreach (var constraint in match.Groups["constraints"].Value.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                ApplyConstraint(schema, constraint);
            }

            parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = schema });
            return "{" + name + "}";
        });
        return (path, parameters);
    }

    private static void ApplyConstraint(OpenApiSchema schema, string constraint)
    {
        var open = constraint.IndexOf('(', StringComparison.Ordinal);
        var name = open < 0 ? constraint : constraint[..open];
        var arguments = open < 0 ? [] : constraint[(open + 1)..].TrimEnd(')').Split(',');
        switch (name)
        {
            case "int":
                (schema.Type, schema.Format) = (JsonSchemaType.Integer, "int32");
                break;
            case "long":
                (schema.Type, schema.Format) = (JsonSchemaType.Integer, "int64");
                break;
            case "guid":
                (schema.Type, schema.Format) = (JsonSchemaType.String, "uuid");
                break;
            case "bool":
                schema.Type = JsonSchemaType.Boolean;
                break;
            case "decimal" or "double" or "float":
                schema.Type = JsonSchemaType.Number;
                break;
            case "datetime":
                schema.Format = "date-time";
                break;
            case "alpha":
                schema.Pattern = "^[A-Za-z]+$";
                break;
            case "min" when arguments.Length == 1:
                schema.Minimum = arguments[0];
                break;
            case "max" when arguments.Length == 1:
                schema.Maximum = arguments[0];
                break;
            case "range" when arguments.Length == 2:
                (schema.Minimum, schema.Maximum) = (arguments[0], arguments[1]);
                break;
            case "minlength" when arguments.Length == 1 && int.TryParse(arguments[0], CultureInfo.InvariantCulture, out var min):
                schema.MinLength = min;
                break;
            case "maxlength" when arguments.Length == 1 && int.TryParse(arguments[0], CultureInfo.InvariantCulture, out var max):
                schema.MaxLength = max;
                break;
            case "length" when arguments.Length == 2 && int.TryParse(arguments[0], CultureInfo.InvariantCulture, out var low) && int.TryParse(arguments[1], CultureInfo.InvariantCulture, out var high):
                (schema.MinLength, schema.MaxLength) = (low, high);
                break;
            case "regex" when open >= 0:
                schema.Pattern = constraint[(open + 1)..^1];
                break;
        }
    }

    private static OpenApiSchema ProblemDetailsSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem; validation problems add 'errors', messages per field.",
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema) },
        },
    };

    private static OpenApiResponse Json(string description, IOpenApiSchema schema, bool etag = false)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schema } },
        };
        if (etag)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                ["ETag"] = new OpenApiHeader { Description = "The item's version.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        return response;
    }

    private static OpenApiParameter Query(string name, JsonSchemaType type, string description, string? format = null) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema { Type = type, Format = format },
    };

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
