using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json.Nodes;
using BackEnd.Browser.Testing;
using BackEnd.Core.Tests.Crud;
using BackEnd.Core.Tests.Testing;
using BackEnd.Crud;
using BackEnd.OpenApi;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Storage.InMemory;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    public sealed record Greeting([property: Required, StringLength(20)] string Name, [property: Range(1, 5)] int Times);

    private static async Task<JsonNode> DocumentAsync()
    {
        await using var host = await BackEndTestHost.StartAsync(b =>
        {
            b.Services.Configure<StorageCursorOptions>(o => o.Key = Convert.ToBase64String(new byte[32]));
            b.Services.AddSingleton<IEndpointValidator, AuthorizationEnforcedStandIn>();
            b.AddInMemoryStorage().Configure(app =>
            {
                app.MapResource<CrudProduct, long>("/api/products", r => r
                    .Filterable(x => x.Price).Sortable(x => x.Name)
                    .Endpoints(ResourceOperations.Write, e => e.RequireRole("admin")))
                    .WithTags("products");
                app.MapGet("/hello/{name:alpha:maxlength(10)}", (string name, int? times) => $"hi {name}").WithSummary("Says hello.").WithTags("greetings");
                app.MapPost("/greetings", (Greeting greeting) => greeting).WithOperationId("createGreeting").WithTags("greetings");
                app.MapGet("/secret", () => "s").RequireAuthorization().WithTags("greetings");
                app.MapOpenApi(configure: o => o.Title = "Test API");
            });
        });
        using var client = host.CreateClient();
        var response = await client.GetAsync("/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task MapOpenApi_DescribesEveryRoute_WithTypesConstraintsAndSecurity()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Test API", document["info"]!["title"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        Assert.Equal(["/api/products", "/api/products/{id}", "/greetings", "/hello/{name}", "/secret"], paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(paths.ContainsKey("/openapi.json"));
        var item = paths["/api/products/{id}"]!;
        Assert.Equal(["delete", "get", "patch", "put"], item.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        var idSchema = item["get"]!["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "id")!["schema"]!;
        Assert.Equal("integer", idSchema["type"]!.GetValue<string>());
        Assert.Equal("int64", idSchema["format"]!.GetValue<string>());
        Assert.Empty(item["get"]!["security"]!.AsArray());
        Assert.Equal("bearer", item["put"]!["security"]![0]!.AsObject().Single().Key);
        Assert.NotNull(item["put"]!["responses"]!["412"]);
        Assert.NotNull(item["get"]!["responses"]!["304"]);
        Assert.NotNull(item["patch"]!["requestBody"]!["content"]![ResourceDefaults.MergePatchMediaType]);
        var list = paths["/api/products"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Equal(["cursor", "page", "pageSize", "price", "sort"], list.Order(StringComparer.Ordinal));
        var name = paths["/hello/{name}"]!["get"]!;
        Assert.Equal("Says hello.", name["summary"]!.GetValue<string>());
        Assert.Equal(10, name["parameters"]![0]!["schema"]!["maxLength"]!.GetValue<int>());
        Assert.Equal("times", name["parameters"]![1]!["name"]!.GetValue<string>());
        Assert.False(name["parameters"]![1]!["required"]?.GetValue<bool>() ?? false);
        Assert.Equal("createGreeting", paths["/greetings"]!["post"]!["operationId"]!.GetValue<string>());
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(40, schemas["CrudProduct"]!["properties"]!["name"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(5, schemas["Greeting"]!["properties"]!["times"]!["maximum"]!.GetValue<int>());
        Assert.NotNull(schemas["ResourcePageOfCrudProduct"]!["properties"]!["next"]);
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", paths["/secret"]!["get"]!["security"]![0]!.AsObject().Single().Key);
    }

    [NodeFact]
    public async Task MapOpenApi_Document_PassesSwaggerParserAndRedoclyLint()
    {
        var tools = NodeFactAttribute.Tools;
        var document = await DocumentAsync();
        var file = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(tools!, "validate.mjs"), file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = tools,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the validators did not finish");

            Assert.True(process.ExitCode == 0, await output + await error);
            Assert.Contains("swagger-parser: valid", await output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
