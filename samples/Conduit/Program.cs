using Conduit;

var builder = Host.CreateApplicationBuilder(args);

// Default URL of the sample; --urls or the urls key override it.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.Configuration["urls"] = "http://127.0.0.1:5002";
}

// A small live heap: after a burst, give back what the GC kept committed once idle for 2 s (README, "Memory and tokens").
builder.Services.AddBackEnd(o => o.IdleMemoryTrim = TimeSpan.FromSeconds(2)).AddConduit(builder.Configuration);
await builder.Build().RunAsync();
