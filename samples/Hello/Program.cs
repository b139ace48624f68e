using BackEnd.Hosting;
using Hello;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// Default URL of the sample; --urls or the urls key override it, as in ASP.NET Core.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:8080";
}

builder.Services.AddBackEnd(_ => { })
    .AddHello(
        webRoot: Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        connectionString: builder.Configuration.GetConnectionString("Default") ?? HelloApp.DefaultConnectionString);

await builder.Build().RunAsync();
