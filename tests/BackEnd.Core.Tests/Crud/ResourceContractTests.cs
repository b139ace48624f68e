using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackEnd.Http;
using BackEnd.Crud;
using BackEnd.Hosting;
using BackEnd.Pipeline;
using BackEnd.HttpResults;
using BackEnd.Storage;
using BackEnd.Storage.Providers;
using BackEnd.Storage.Testing;
using BackEnd.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Core.Tests.Crud;

/// <summary>Every status of a mapped resource, written once and run against each storage provider.</summary>
public abstract class ResourceContractTests
{
    private const string Products = "/api/products";

    protected abstract void AddStorage(IBackEndBuilder builder);

    protected virtual ValueTask ResetAsync(IServiceProvider services) => ValueTask.CompletedTask;

    private async Task<BackEndTestHost> StartAsync(Action<ResourceBuilder<CrudProduct, long>>? configure = null)
    {
        var host = await BackEndTestHost.StartAsync(b =>
        {
            b.Services.Configure<StorageCursorOptions>(o => o.Key = Convert.ToBase64String(new byte[32]));
            AddStorage(b);
            b.Configure(app =>
            {
                // Stands in for an authentication package: the test names the signed-in user in a header.
                app.Use(next => context =>
                {
                    if (context.Request.Headers.TryGetValue("X-Test-User", out var user))
                    {
                        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.ToString())], "test"));
                    }

                    return next(context);
                });
                app.MapResource<CrudProduct, long>(Products, r =>
                {
                    r.Filterable(x => x.Price, x => x.Name, x => x.Category).Sortable(x => x.Price, x => x.Name);
                    r.MaxPageSize = 50;
                    configure?.Invoke(r);
                });
            });
        });
        await ResetAsync(host.Services);
        return host;
    }

    private static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    private static async Task<(long Id, string ETag)> CreateAsync(HttpClient client, string name, decimal price, string? category = null)
    {
        var response = await client.PostAsync(Products, Json($$"""{"name":"{{name}}","price":{{price}},"category":{{(category is null ? "null" : "\"" + category + "\"")}}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["id"]!.GetValue<long>(), response.Headers.ETag!.ToString());
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> PageAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync(Products + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static string[] Names(JsonNode page) => [.. page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>())];

    [StoreFact]
    public async Task Post_ValidBody_Returns201WithLocationAndETag()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.PostAsync(Products, Json("""{"name":"pen","price":2.5}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var id = body["id"]!.GetValue<long>();
        Assert.NotEqual(0, id);
        Assert.Equal($"/api/products/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        var get = await client.GetAsync(response.Headers.Location);
        Assert.Equal("pen", JsonNode.Parse(await get.Content.ReadAsStringAsync())!["name"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Post_InvalidFields_Returns400WithErrorsPerField()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.PostAsync(Products, Json("""{"name":"","price":-1}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("price"));
        Assert.Equal(0, (await PageAsync(client, ""))["total"]!.GetValue<long>());
    }

    [StoreFact]
    public async Task Post_MalformedJsonOrWrongTypeOrMedia_Returns4xxProblem()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var broken = await client.PostAsync(Products, Json("""{"name":"pen","""));
        var wrongType = await client.PostAsync(Products, Json("""{"name":"pen","price":"cheap"}"""));
        var text = await client.PostAsync(Products, Json("""{"name":"pen"}""", "text/plain"));
        var empty = await client.PostAsync(Products, Json(""));
        var nullBody = await client.PostAsync(Products, Json("null"));

        await ProblemAsync(broken, HttpStatusCode.BadRequest);
        Assert.Contains("price", (await ProblemAsync(wrongType, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await ProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(empty, HttpStatusCode.BadRequest);
        await ProblemAsync(nullBody, HttpStatusCode.BadRequest);
    }

    [StoreFact]
    public async Task Post_LargeBodiesWithAndWithoutLength_ReadWhole_AndOverTheLimitReturn413()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        // Whitespace is valid JSON between members: bodies far past one read buffer that still describe a small product.
        static string Padded(string name, int spaces) => "{\"name\":\"" + name + "\"," + new string(' ', spaces) + "\"price\":2.5}";
        static HttpContent Chunked(string json)
        {
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)), 1000);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        var sized = await client.PostAsync(Products, Json(Padded("sized", 200_000)));
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, Products) { Content = Chunked(Padded("chunked", 40_000)) };
        chunkedRequest.Headers.TransferEncodingChunked = true;
        var chunked = await client.SendAsync(chunkedRequest);
        using var overRequest = new HttpRequestMessage(HttpMethod.Post, Products) { Content = Chunked(Padded("over", 1024 * 1024)) };
        overRequest.Headers.TransferEncodingChunked = true;
        var over = await client.SendAsync(overRequest);
        var overDeclared = await client.PostAsync(Products, Json(Padded("declared", 1024 * 1024)));

        Assert.Equal(HttpStatusCode.Created, sized.StatusCode);
        Assert.Equal(HttpStatusCode.Created, chunked.StatusCode);
        Assert.Contains("1048576", (await ProblemAsync(over, HttpStatusCode.RequestEntityTooLarge))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await ProblemAsync(overDeclared, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(["chunked", "sized"], Names(await PageAsync(client, "?sort=name")));
    }

    [StoreFact]
    public async Task Post_DuplicateId_Returns409()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, _) = await CreateAsync(client, "pen", 1);

        var response = await client.PostAsync(Products, Json($$"""{"id":{{id}},"name":"other","price":1}"""));

        await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("pen", JsonNode.Parse(await client.GetStringAsync($"{Products}/{id}"))!["name"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Get_Absent_Returns404Problem()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.GetAsync($"{Products}/424242");

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("424242", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Get_IfNoneMatchCurrent_Returns304_AndStale_Returns200()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, etag) = await CreateAsync(client, "pen", 1);

        using var fresh = new HttpRequestMessage(HttpMethod.Get, $"{Products}/{id}");
        fresh.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await client.SendAsync(fresh);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"{Products}/{id}");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"999\"");
        var ok = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag?.ToString());
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [StoreFact]
    public async Task Put_Replaces_AndBumpsETag_IdFromBodyCannotChange()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, etag) = await CreateAsync(client, "pen", 1, "office");

        var replaced = await client.PutAsync($"{Products}/{id}", Json("""{"name":"pencil","price":3}"""));
        var moved = await client.PutAsync($"{Products}/{id}", Json($$"""{"id":{{id + 1000}},"name":"x","price":3}"""));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(etag, replaced.Headers.ETag?.ToString());
        var body = JsonNode.Parse(await replaced.Content.ReadAsStringAsync())!;
        Assert.Equal("pencil", body["name"]!.GetValue<string>());
        Assert.Null(body["category"]);
        Assert.True((await ProblemAsync(moved, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("id"));
        await ProblemAsync(await client.GetAsync($"{Products}/{id + 1000}"), HttpStatusCode.NotFound);
    }

    [StoreFact]
    public async Task Put_StaleIfMatch_Returns412_AndCurrentIfMatch_Succeeds()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, etag) = await CreateAsync(client, "pen", 1);
        await client.PutAsync($"{Products}/{id}", Json("""{"name":"second","price":1}"""));

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"{Products}/{id}") { Content = Json("""{"name":"lost","price":1}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var refused = await client.SendAsync(stale);
        var current = (await client.GetAsync($"{Products}/{id}")).Headers.ETag!.ToString();
        using var fresh = new HttpRequestMessage(HttpMethod.Put, $"{Products}/{id}") { Content = Json("""{"name":"third","price":1}""") };
        fresh.Headers.TryAddWithoutValidation("If-Match", current);
        var accepted = await client.SendAsync(fresh);

        await ProblemAsync(refused, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("third", JsonNode.Parse(await client.GetStringAsync($"{Products}/{id}"))!["name"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Put_WithoutIfMatch_WhenRequired_Returns428()
    {
        await using var host = await StartAsync(r => r.RequireIfMatch = true);
        using var client = host.CreateClient();
        var (id, _) = await CreateAsync(client, "pen", 1);

        var put = await client.PutAsync($"{Products}/{id}", Json("""{"name":"x","price":1}"""));
        var delete = await client.DeleteAsync($"{Products}/{id}");

        await ProblemAsync(put, (HttpStatusCode)428);
        await ProblemAsync(delete, (HttpStatusCode)428);
        Assert.Equal("pen", JsonNode.Parse(await client.GetStringAsync($"{Products}/{id}"))!["name"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Put_Invalid_Returns400_AndKeepsStoredItem()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, _) = await CreateAsync(client, "pen", 1);

        var response = await client.PutAsync($"{Products}/{id}", Json("""{"name":"","price":1}"""));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("pen", JsonNode.Parse(await client.GetStringAsync($"{Products}/{id}"))!["name"]!.GetValue<string>());
    }

    [StoreFact]
    public async Task Patch_MergePatch_ChangesNamedFields_NullRemoves()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, _) = await CreateAsync(client, "pen", 1, "office");

        var response = await client.PatchAsync($"{Products}/{id}", Json("""{"price":4,"category":null}""", ResourceDefaults.MergePatchMediaType));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("pen", body["name"]!.GetValue<string>());
        Assert.Equal(4m, body["price"]!.GetValue<decimal>());
        Assert.Null(body["category"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
    }

    [StoreFact]
    public async Task Patch_WrongMediaType_Returns415WithAcceptPatch()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, _) = await CreateAsync(client, "pen", 1);

        var json = await client.PatchAsync($"{Products}/{id}", Json("""{"price":4}"""));
        var jsonPatch = await client.PatchAsync($"{Products}/{id}", Json("""[{"op":"replace","path":"/price","value":4}]""", "application/json-patch+json"));

        await ProblemAsync(json, HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(jsonPatch, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(ResourceDefaults.MergePatchMediaType, json.Headers.GetValues("Accept-Patch"));
        Assert.Equal(1m, JsonNode.Parse(await client.GetStringAsync($"{Products}/{id}"))!["price"]!.GetValue<decimal>());
    }

    [StoreFact]
    public async Task Patch_ValidationAfterPatching_IdChange_AndNonObject_Return400()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, _) = await CreateAsync(client, "pen", 1);

        var invalid = await client.PatchAsync($"{Products}/{id}", Json("""{"name":null}""", ResourceDefaults.MergePatchMediaType));
        var idChange = await client.PatchAsync($"{Products}/{id}", Json($$"""{"id":{{id + 1}}}""", ResourceDefaults.MergePatchMediaType));
        var array = await client.PatchAsync($"{Products}/{id}", Json("""[1,2]""", ResourceDefaults.MergePatchMediaType));
        var badType = await client.PatchAsync($"{Products}/{id}", Json("""{"price":"x"}""", ResourceDefaults.MergePatchMediaType));

        Assert.True((await ProblemAsync(invalid, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("name"));
        Assert.True((await ProblemAsync(idChange, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("id"));
        await ProblemAsync(array, HttpStatusCode.BadRequest);
        await ProblemAsync(badType, HttpStatusCode.BadRequest);
        Assert.Equal("\"1\"", (await client.GetAsync($"{Products}/{id}")).Headers.ETag?.ToString());
    }

    [StoreFact]
    public async Task Delete_Returns204_SecondReturns404_StaleIfMatchReturns412()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, etag) = await CreateAsync(client, "pen", 1);
        await client.PatchAsync($"{Products}/{id}", Json("""{"price":2}""", ResourceDefaults.MergePatchMediaType));

        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"{Products}/{id}");
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var refused = await client.SendAsync(stale);
        var first = await client.DeleteAsync($"{Products}/{id}");
        var second = await client.DeleteAsync($"{Products}/{id}");

        await ProblemAsync(refused, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ProblemAsync(second, HttpStatusCode.NotFound);
    }

    [StoreFact]
    public async Task ConcurrentUpdates_WithOneETag_ExactlyOneSucceeds()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        var (id, etag) = await CreateAsync(client, "pen", 1);

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"{Products}/{id}") { Content = Json($$"""{"name":"writer{{i}}","price":{{i}}}""") };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return (await client.SendAsync(request)).StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);

        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.PreconditionFailed, s));
        Assert.Equal("\"2\"", (await client.GetAsync($"{Products}/{id}")).Headers.ETag?.ToString());
    }

    [StoreFact]
    public async Task List_PagesWithEnvelope_LastPageAndBeyondTheEnd()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(client, $"item{i}", i);
        }

        var first = await PageAsync(client, "?pageSize=2&sort=price");
        var last = await PageAsync(client, "?page=3&pageSize=2&sort=price");
        var beyond = await PageAsync(client, "?page=9&pageSize=2&sort=price");

        Assert.Equal(["item0", "item1"], Names(first));
        Assert.Equal(1, first["page"]!.GetValue<int>());
        Assert.Equal(2, first["pageSize"]!.GetValue<int>());
        Assert.Equal(5, first["total"]!.GetValue<long>());
        Assert.NotNull(first["next"]);
        Assert.Equal(["item4"], Names(last));
        Assert.Null(last["next"]);
        Assert.Empty(Names(beyond));
        Assert.Equal(5, beyond["total"]!.GetValue<long>());
        Assert.True(beyond.AsObject().ContainsKey("next"));
    }

    [StoreFact]
    public async Task List_FollowingCursors_VisitsEveryItemOnce()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        for (var i = 0; i < 7; i++)
        {
            await CreateAsync(client, $"item{i}", 7 - i);
        }

        var seen = new List<string>();
        var page = await PageAsync(client, "?pageSize=3&sort=-price");
        for (var guard = 0; guard < 10; guard++)
        {
            seen.AddRange(Names(page));
            if (page["next"] is not { } next)
            {
                break;
            }

            page = await PageAsync(client, $"?pageSize=3&sort=-price&cursor={Uri.EscapeDataString(next.GetValue<string>())}");
            Assert.Null(page["page"]);
            Assert.Null(page["total"]);
        }

        Assert.Equal([.. Enumerable.Range(0, 7).Select(i => $"item{i}")], seen);
    }

    [StoreFact]
    public async Task List_AlteredForgedOrForeignCursor_Returns400AndTheRealOneStillWorks()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(client, $"item{i}", 5 - i);
        }

        var cursor = (await PageAsync(client, "?pageSize=2&sort=-price"))["next"]!.GetValue<string>();
        var middle = cursor.Length / 2;
        var altered = cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..];

        // Sealed with another key: well-formed, naming this entity and order, at a position the server never handed out.
        var forged = new CursorProtector(Enumerable.Repeat((byte)7, 32).ToArray())
            .Protect(Encoding.UTF8.GetBytes($$"""{"t":"{{typeof(CrudProduct).FullName}}","o":"Price-Id+","v":["3","1"]}"""));
        string[] refused =
        [
            $"?pageSize=2&sort=-price&cursor={Uri.EscapeDataString(altered)}",
            $"?pageSize=2&sort=-price&cursor={Uri.EscapeDataString(forged)}",
            $"?pageSize=2&sort=-price&cursor={Uri.EscapeDataString(cursor[..^3])}",
            $"?pageSize=2&sort=name&cursor={Uri.EscapeDataString(cursor)}",
        ];

        foreach (var query in refused)
        {
            var problem = await ProblemAsync(await client.GetAsync(Products + query), HttpStatusCode.BadRequest);
            Assert.Contains("cursor", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(["item2", "item3"], Names(await PageAsync(client, $"?pageSize=2&sort=-price&cursor={Uri.EscapeDataString(cursor)}")));
    }

    [StoreTheory]
    [InlineData("?pageSize=51", "pageSize")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=-3", "pageSize")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?cursor=bm90IGEgY3Vyc29y", "cursor")]
    [InlineData("?cursor=%27%3B%20DROP%20TABLE%20crud_products%3B--", "cursor")]
    [InlineData("?page=2&cursor=abc", "cursor")]
    [InlineData("?sort=ownerId", "ownerId")]
    [InlineData("?sort=price;DROP%20TABLE%20crud_products", "price;DROP TABLE crud_products")]
    [InlineData("?sort=-version", "version")]
    [InlineData("?ownerId=alice", "ownerId")]
    [InlineData("?price.like=3", "like")]
    [InlineData("?price.lte=cheap", "price.lte")]
    [InlineData("?name%20OR%201%3D1=x", "name OR 1=1")]
    public async Task List_BadParameter_Returns400NamingIt(string query, string named)
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        await CreateAsync(client, "pen", 1);

        var response = await client.GetAsync(Products + query);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (await PageAsync(client, ""))["total"]!.GetValue<long>());
    }

    [StoreFact]
    public async Task List_FiltersAndSort_BindValuesAsData()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();
        await CreateAsync(client, "a", 5, "x");
        await CreateAsync(client, "b", 20, "x");
        await CreateAsync(client, "c", 25, "y");
        await CreateAsync(client, "d", 20, "y");

        var cheap = await PageAsync(client, "?price.lte=20&sort=-price,name");
        var range = await PageAsync(client, "?price.gt=5&price.lt=25");
        var equal = await PageAsync(client, "?category=y&sort=name");
        var injection = await PageAsync(client, "?name=" + Uri.EscapeDataString("a' OR '1'='1"));
        var wildcard = await PageAsync(client, "?name=%25");

        Assert.Equal(["b", "d", "a"], Names(cheap));
        Assert.Equal(3, cheap["total"]!.GetValue<long>());
        Assert.Equal(["b", "d"], Names(range).Order());
        Assert.Equal(["c", "d"], Names(equal));
        Assert.Empty(Names(injection));
        Assert.Empty(Names(wildcard));
        Assert.Equal(4, (await PageAsync(client, ""))["total"]!.GetValue<long>());
    }

    [StoreFact]
    public async Task Ownership_IsolatesUsers_AndSetsOwnerOnCreate()
    {
        await using var host = await StartAsync(r => r.OwnedBy(x => x.OwnerId));
        using var alice = host.CreateClient();
        alice.DefaultRequestHeaders.Add("X-Test-User", "alice");
        using var bob = host.CreateClient();
        bob.DefaultRequestHeaders.Add("X-Test-User", "bob");
        using var anonymous = host.CreateClient();
        var created = await alice.PostAsync(Products, Json("""{"name":"mine","price":1,"ownerId":"bob"}"""));
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        await CreateAsync(bob, "bobs", 2);

        var bobRead = await bob.GetAsync($"{Products}/{id}");
        var bobPut = await bob.PutAsync($"{Products}/{id}", Json("""{"name":"stolen","price":1}"""));
        var bobPatch = await bob.PatchAsync($"{Products}/{id}", Json("""{"name":"stolen"}""", ResourceDefaults.MergePatchMediaType));
        var bobDelete = await bob.DeleteAsync($"{Products}/{id}");
        var alicePatch = await alice.PatchAsync($"{Products}/{id}", Json("""{"ownerId":"bob"}""", ResourceDefaults.MergePatchMediaType));
        var anonymousList = await anonymous.GetAsync(Products);

        Assert.Equal("alice", JsonNode.Parse(await created.Content.ReadAsStringAsync())!["ownerId"]!.GetValue<string>());
        await ProblemAsync(bobRead, HttpStatusCode.NotFound);
        await ProblemAsync(bobPut, HttpStatusCode.NotFound);
        await ProblemAsync(bobPatch, HttpStatusCode.NotFound);
        await ProblemAsync(bobDelete, HttpStatusCode.NotFound);
        Assert.Equal("alice", JsonNode.Parse(await alicePatch.Content.ReadAsStringAsync())!["ownerId"]!.GetValue<string>());
        Assert.Equal(["mine"], Names(await PageAsync(alice, "")));
        Assert.Equal(["bobs"], Names(await PageAsync(bob, "?sort=name")));
        Assert.Equal(1, (await PageAsync(bob, ""))["total"]!.GetValue<long>());
        await ProblemAsync(anonymousList, HttpStatusCode.Unauthorized);
    }

    [StoreFact]
    public async Task Hooks_RejectWithProblem_AndAfterHooksSeeStoredItems()
    {
        var after = new List<string>();
        await using var host = await StartAsync(r => r
            .BeforeCreate(c => ValueTask.FromResult<ProblemDetails?>(c.Entity.Name == "forbidden" ? new ProblemDetails { Status = 422, Detail = "No forbidden names." } : null))
            .AfterCreate(c => { after.Add($"created {c.Entity.Id} v{c.Entity.Version}"); return ValueTask.CompletedTask; })
            .BeforeUpdate(c => ValueTask.FromResult<ProblemDetails?>(c.Entity.Price < c.Previous!.Price ? new ProblemDetails { Status = 409, Detail = "Prices only rise." } : null))
            .AfterUpdate(c => { after.Add($"updated v{c.Previous!.Version}->v{c.Entity.Version}"); return ValueTask.CompletedTask; })
            .BeforeDelete(c => ValueTask.FromResult<ProblemDetails?>(c.Entity.Category == "locked" ? new ProblemDetails { Detail = "Locked." } : null))
            .AfterDelete(c => { after.Add($"deleted {c.Entity.Name}"); return ValueTask.CompletedTask; }));
        using var client = host.CreateClient();

        var rejected = await client.PostAsync(Products, Json("""{"name":"forbidden","price":1}"""));
        var (id, _) = await CreateAsync(client, "pen", 5);
        var lower = await client.PatchAsync($"{Products}/{id}", Json("""{"price":1}""", ResourceDefaults.MergePatchMediaType));
        var higher = await client.PatchAsync($"{Products}/{id}", Json("""{"price":9,"category":"locked"}""", ResourceDefaults.MergePatchMediaType));
        var locked = await client.DeleteAsync($"{Products}/{id}");
        await client.PatchAsync($"{Products}/{id}", Json("""{"category":null}""", ResourceDefaults.MergePatchMediaType));
        var deleted = await client.DeleteAsync($"{Products}/{id}");

        Assert.Equal("No forbidden names.", (await ProblemAsync(rejected, (HttpStatusCode)422))["detail"]!.GetValue<string>());
        await ProblemAsync(lower, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, higher.StatusCode);
        await ProblemAsync(locked, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([$"created {id} v1", "updated v1->v2", "updated v2->v3", "deleted pen"], after);
        Assert.Equal(0, (await PageAsync(client, ""))["total"]!.GetValue<long>());
    }

    [StoreFact]
    public async Task Get_NonNumericId_Returns404()
    {
        await using var host = await StartAsync();
        using var client = host.CreateClient();

        var response = await client.GetAsync($"{Products}/abc");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
