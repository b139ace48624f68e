using Conduit;

var builder = Host.CreateApplicationBuilder(args);

// Default URL of the sample; --urls or the urls key override it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5002";
}

builder.Services.AddBackEnd(_ => { }).AddConduit(builder.Configuration);
await builder.Build().RunAsync();
