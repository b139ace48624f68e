using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Security.Claims;
using BackEnd.Crud;
using BackEnd.Crud.Internal;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.Routing;
using Microsoft.OpenApi;

namespace BackEnd.OpenApi.Internal;

internal static partial class OpenApiDocumentBuilder
{
    [RequiresUnreferencedCode("Describes body types with reflection.")]
    [RequiresDynamicCode("Describes body types with reflection-based JSON metadata.")]
    private static void DescribeResource(OpenApiOperation operation, ResourceEndpointMetadata resource, SchemaConverter schemas)
    {
        var entity = schemas.Reference(resource.EntityType);
        var name = resource.EntityType.Name;
        var body = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = entity } },
        };
        var responses = operation.Responses!;
        if (resource.IsOwned)
        {
            responses["401"] = Problem("The caller is not signed in; the items belong to their owners.");
        }

        if (resource.Operation is not (ResourceOperations.List or ResourceOperations.Create))
        {
            responses["404"] = Problem($"No {name} has this id (or it belongs to another user).");
        }

        if (resource.Operation is ResourceOperations.Replace or ResourceOperations.Patch or ResourceOperations.Delete)
        {
            operation.Parameters!.Add(Header("If-Match", "The ETag the change is based on; a stale one answers 412."));
            responses["412"] = Problem("If-Match names an older version.");
            if (resource.RequiresIfMatch)
            {
                responses["428"] = Problem("If-Match is required.");
            }
        }

        switch (resource.Operation)
        {
            case ResourceOperations.List:
                operation.Summary = $"Lists {name} items, one page at a time.";
                operation.Parameters!.Add(Query("page", JsonSchemaType.Integer, "The page number, from 1.", "int32"));
                operation.Parameters.Add(Query("pageSize", JsonSchemaType.Integer, $"Items per page, 1 to {resource.MaxPageSize}.", "int32"));
                operation.Parameters.Add(Query("cursor", JsonSchemaType.String, "The previous page's 'next' value."));
                if (resource.Sorts.Count > 0)
                {
                    operation.Parameters.Add(Query("sort", JsonSchemaType.String, "Comma-separated fields, '-' for descending: " + string.Join(", ", resource.Sorts.Select(static s => s.Name)) + "."));
                }

                foreach (var filter in resource.Filters)
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = filter.Name,
                        In = ParameterLocation.Query,
                        Description = $"Equals; also {filter.Name}.ne, .lt, .lte, .gt, .gte.",
                        Schema = schemas.Reference(filter.Property.PropertyType),
                    });
                }

                responses["200"] = Json("One page.", schemas.Reference(typeof(ResourcePage<>).MakeGenericType(resource.EntityType)));
                responses["400"] = Problem("A paging, sort or filter parameter is not acceptable.");
                break;
            case ResourceOperations.Get:
                operation.Summary = $"Reads one {name}.";
                operation.Parameters!.Add(Header("If-None-Match", "An ETag the caller holds; a match answers 304."));
                responses["200"] = Json($"The {name}.", entity, etag: true);
                responses["304"] = new OpenApiResponse { Description = "The caller's copy is current." };
                break;
            case ResourceOperations.Create:
                operation.Summary = $"Creates a {name}.";
                operation.RequestBody = body;
                responses["201"] = Json($"The stored {name}; Location names it.", entity, etag: true);
                responses["400"] = Problem("The body is not valid; 'errors' names the fields.");
                responses["409"] = Problem("The id or a unique field is taken.");
                responses["415"] = Problem("The body is not JSON.");
                break;
            case ResourceOperations.Replace:
                operation.Summary = $"Replaces a {name}.";
                operation.RequestBody = body;
                responses["200"] = Json($"The stored {name}.", entity, etag: true);
                responses["400"] = Problem("The body is not valid; 'errors' names the fields.");
                break;
            case ResourceOperations.Patch:
                operation.Summary = $"Changes a {name} with a JSON Merge Patch.";
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal)
                    {
                        [ResourceDefaults.MergePatchMediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                    },
                };
                responses["200"] = Json($"The stored {name}.", entity, etag: true);
                responses["400"] = Problem("The patched item is not valid; 'errors' names the fields.");
                responses["415"] = Problem("The body is not application/merge-patch+json.");
                break;
            case ResourceOperations.Delete:
                operation.Summary = $"Deletes a {name}.";
                responses["204"] = new OpenApiResponse { Description = "Deleted." };
                break;
        }
    }

    [RequiresUnreferencedCode("Describes handler parameters with reflection.")]
    [RequiresDynamicCode("Describes body types with reflection-based JSON metadata.")]
    private static void DescribeHandler(OpenApiOperation operation, MethodInfo? method, string httpMethod, List<IOpenApiParameter> routeParameters, SchemaConverter schemas)
    {
        var responses = operation.Responses!;
        if (method is null)
        {
            responses["200"] = new OpenApiResponse { Description = "Success." };
            return;
        }

        var routeNames = routeParameters.Select(static p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (parameter.GetCustomAttribute<FromServicesAttribute>() is not null || type == typeof(HttpContext) || type == typeof(HttpRequest)
                || type == typeof(HttpResponse) || type == typeof(CancellationToken) || type == typeof(ClaimsPrincipal) || type.IsInterface || type.IsAbstract)
            {
                continue;
            }

            var optional = parameter.HasDefaultValue || Nullable.GetUnderlyingType(type) is not null || new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable;
            if (parameter.GetCustomAttribute<FromHeaderAttribute>() is { } header)
            {
                operation.Parameters!.Add(new OpenApiParameter { Name = header.Name ?? parameter.Name, In = ParameterLocation.Header, Required = !optional, Schema = schemas.Reference(type) });
            }
            else if (parameter.GetCustomAttribute<FromRouteAttribute>() is { } route || routeNames.Contains(parameter.Name!))
            {
                var name = parameter.GetCustomAttribute<FromRouteAttribute>()?.Name ?? parameter.Name!;
                if (routeParameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is OpenApiParameter known
                    && known.Schema is OpenApiSchema { Type: JsonSchemaType.String, Format: null, Pattern: null })
                {
                    known.Schema = schemas.Reference(type);
                }
            }
            else if (parameter.GetCustomAttribute<FromBodyAttribute>() is not null || (parameter.GetCustomAttribute<FromQueryAttribute>() is null && !IsSimple(type) && httpMethod is not "GET" and not "DELETE" and not "HEAD"))
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = !optional,
                    Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schemas.Reference(type) } },
                };
                responses["400"] = Problem("The body is not valid; 'errors' names the fields.");
                responses["415"] = Problem("The body is not JSON.");
            }
            else if (IsSimple(type) || type.IsArray)
            {
                operation.Parameters!.Add(new OpenApiParameter
                {
                    Name = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name,
                    In = ParameterLocation.Query,
                    Required = !optional,
                    Schema = schemas.Reference(type),
                });
            }
        }

        var result = method.ReturnType;
        if (result.IsGenericType && (result.GetGenericTypeDefinition() == typeof(Task<>) || result.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            result = result.GetGenericArguments()[0];
        }

        if (result == typeof(void) || result == typeof(Task) || result == typeof(ValueTask) || typeof(IResult).IsAssignableFrom(result) || result == typeof(object))
        {
            responses["200"] = new OpenApiResponse { Description = "Success." };
        }
        else if (result == typeof(string))
        {
            responses["200"] = new OpenApiResponse
            {
                Description = "Success.",
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal) { ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            };
        }
        else
        {
            responses["200"] = Json("Success.", schemas.Reference(result));
        }
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeSpan);
    }
}
