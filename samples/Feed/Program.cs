using Feed;

var builder = Host.CreateApplicationBuilder(args);

// The sample's own default URL; --urls (or the urls key) overrides it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5001";
}

builder.Services.AddBackEnd(_ => { }).AddFeed(builder.Configuration);

await builder.Build().RunAsync();
