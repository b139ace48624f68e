using BackEndApi;

var builder = Host.CreateApplicationBuilder(args);

// The default URL; --urls (or the urls key) overrides it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5000";
}

builder.Services.AddBackEnd(_ => { }).AddApi(builder.Configuration);

await builder.Build().RunAsync();
