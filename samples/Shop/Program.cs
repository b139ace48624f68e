using Shop;

var builder = Host.CreateApplicationBuilder(args);

// The server listens on --urls / the urls key, by default http://127.0.0.1:5000, and logs "Now listening on: ...".
builder.Services.AddBackEnd(_ => { }).AddShop(builder.Configuration);

await builder.Build().RunAsync();
