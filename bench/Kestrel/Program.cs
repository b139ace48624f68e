using System.Text.Json.Serialization;
using BackEnd.Bench.Kestrel;
using Microsoft.Extensions.FileProviders;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

var app = builder.Build();

app.MapMethods("/plaintext", ["GET", "HEAD"], () => Results.Text("Hello, World!", "text/plain"));
app.MapGet("/json", () => new Greeting("Hello, World!"));
app.MapGet("/users/{id:int}", (int id) => new User(id, "user" + id));
app.MapPost("/echo", async (HttpContext context) =>
{
    context.Response.ContentType = context.Request.ContentType;
    await context.Request.Body.CopyToAsync(context.Response.Body);
});
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
    RequestPath = "/static",
});

app.Run();

namespace BackEnd.Bench.Kestrel
{
    internal sealed record Greeting(string Message);

    internal sealed record User(int Id, string Name);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(Greeting))]
    [JsonSerializable(typeof(User))]
    internal sealed partial class BenchJsonContext : JsonSerializerContext;
}
