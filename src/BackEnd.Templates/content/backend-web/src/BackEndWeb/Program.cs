using BackEndWeb;

var builder = Host.CreateApplicationBuilder(args);

// The app's own default URL; --urls (or the urls key) overrides it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5000";
}

builder.Services.AddBackEnd(_ => { }).AddWebApp(builder.Configuration);

await builder.Build().RunAsync();
