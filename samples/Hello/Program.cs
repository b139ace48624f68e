using BackEnd.Hosting;
using Hello;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// Default URL of the sample; --urls or the urls key override it, as in ASP.NET Core.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:8080";
}

var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
builder.Services.AddBackEnd(_ => { }).Run(new HelloApp(webRoot).HandleAsync);

await builder.Build().RunAsync();
