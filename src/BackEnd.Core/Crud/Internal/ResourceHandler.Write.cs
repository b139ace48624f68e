using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackEnd.Http;
using BackEnd.HttpResults;
using BackEnd.HttpResults.Internal;
using BackEnd.Routing.Internal.Binding;
using BackEnd.Storage;

namespace BackEnd.Crud.Internal;

internal sealed partial class ResourceHandler<TEntity, TKey>
{
    // Bodies that declare a length below this are read into one pooled buffer of that size; others grow from BodyChunk.
    private const int MaxPresizedBody = 1024 * 1024;
    private const int BodyChunk = 8192;

    public async ValueTask CreateAsync(HttpContext context)
    {
        if (!TryOwner(context, out var owner))
        {
            await UnauthorizedAsync(context).ConfigureAwait(false);
            return;
        }

        var entity = await ReadEntityAsync(context, ResourceOperations.Create).ConfigureAwait(false);
        if (entity is null)
        {
            return;
        }

        _options.Owner?.SetValue(entity, owner);
        if (!await ValidateAsync(context, entity).ConfigureAwait(false)
            || !await RunBeforeAsync(context, _options.BeforeCreateHook, ResourceOperations.Create, entity, null).ConfigureAwait(false))
        {
            return;
        }

        TEntity stored;
        try
        {
            stored = await Repository(context).InsertAsync(entity, context.RequestAborted).ConfigureAwait(false);
        }
        catch (DuplicateKeyException exception)
        {
            await ProblemAsync(context, 409, exception.Message).ConfigureAwait(false);
            return;
        }

        if (_options.AfterCreateHook is { } after)
        {
            await after(new ResourceHookContext<TEntity>(context, ResourceOperations.Create, stored, null)).ConfigureAwait(false);
        }

        var id = Convert.ToString(_descriptor.Key.GetValue(stored), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        var request = context.Request;
        context.Response.Headers["Location"] = request.PathBase + request.Path.TrimEnd('/') + "/" + Uri.EscapeDataString(id);
        await WriteEntityAsync(context, stored, 201).ConfigureAwait(false);
    }

    public async ValueTask ReplaceAsync(HttpContext context)
    {
        var (current, id, _) = await LoadAsync(context).ConfigureAwait(false);
        if (current is null || !await PreconditionsPassAsync(context, current).ConfigureAwait(false))
        {
            return;
        }

        var entity = await ReadEntityAsync(context, ResourceOperations.Replace).ConfigureAwait(false);
        if (entity is not null)
        {
            await UpdateAsync(context, ResourceOperations.Replace, id, current, entity).ConfigureAwait(false);
        }
    }

    public async ValueTask PatchAsync(HttpContext context)
    {
        var (current, id, _) = await LoadAsync(context).ConfigureAwait(false);
        if (current is null || !await PreconditionsPassAsync(context, current).ConfigureAwait(false))
        {
            return;
        }

        if (!IsMediaType(context.Request.ContentType, ResourceDefaults.MergePatchMediaType))
        {
            context.Response.Headers["Accept-Patch"] = ResourceDefaults.MergePatchMediaType;
            await ProblemAsync(context, 415, $"PATCH takes a JSON Merge Patch (Content-Type: {ResourceDefaults.MergePatchMediaType}), not '{context.Request.ContentType}'.").ConfigureAwait(false);
            return;
        }

        var bytes = await ReadBodyAsync(context).ConfigureAwait(false);
        if (bytes is null)
        {
            return;
        }

        var typeInfo = TypeInfo(context);
        TEntity? entity;
        try
        {
            var patch = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            var document = JsonSerializer.SerializeToNode(current, typeInfo);
            var patched = JsonMergePatch.Apply(document, patch);
            entity = patched is JsonObject ? patched.Deserialize(typeInfo) : null;
        }
        catch (JsonException exception)
        {
            await ProblemAsync(context, 400, BadJson(exception)).ConfigureAwait(false);
            return;
        }

        if (entity is null)
        {
            await ProblemAsync(context, 400, $"The patch must leave a JSON object describing a {typeof(TEntity).Name}.").ConfigureAwait(false);
            return;
        }

        await UpdateAsync(context, ResourceOperations.Patch, id, current, entity).ConfigureAwait(false);
    }

    public async ValueTask DeleteAsync(HttpContext context)
    {
        var (current, id, _) = await LoadAsync(context).ConfigureAwait(false);
        if (current is null || !await PreconditionsPassAsync(context, current).ConfigureAwait(false)
            || !await RunBeforeAsync(context, _options.BeforeDeleteHook, ResourceOperations.Delete, current, null).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await Repository(context).DeleteAsync(id, VersionOf(current), context.RequestAborted).ConfigureAwait(false);
        }
        catch (EntityNotFoundException)
        {
            await NotFoundAsync(context, id).ConfigureAwait(false);
            return;
        }
        catch (ConcurrencyConflictException)
        {
            await ConflictAsync(context).ConfigureAwait(false);
            return;
        }

        if (_options.AfterDeleteHook is { } after)
        {
            await after(new ResourceHookContext<TEntity>(context, ResourceOperations.Delete, current, null)).ConfigureAwait(false);
        }

        await ResponseWriter.WriteStatusAsync(context, 204).ConfigureAwait(false);
    }

    private async ValueTask UpdateAsync(HttpContext context, ResourceOperations operation, TKey id, TEntity current, TEntity entity)
    {
        var bodyId = _descriptor.Key.GetValue(entity);
        if (bodyId is not null && !Equals(bodyId, default(TKey)) && !Equals(bodyId, id))
        {
            await WriteValidationAsync(context, new Dictionary<string, string[]>
            {
                [_keyName] = [$"The id cannot be changed; it is '{id}' as in the URL."],
            }).ConfigureAwait(false);
            return;
        }

        // The key, the version and the owner come from the stored item, never from the body.
        _descriptor.Key.SetValue(entity, id);
        _descriptor.Version.SetValue(entity, _descriptor.Version.GetValue(current));
        if (_options.Owner is { } owner)
        {
            owner.SetValue(entity, owner.GetValue(current));
        }

        if (!await ValidateAsync(context, entity).ConfigureAwait(false)
            || !await RunBeforeAsync(context, _options.BeforeUpdateHook, operation, entity, current).ConfigureAwait(false))
        {
            return;
        }

        TEntity stored;
        try
        {
            stored = await Repository(context).UpdateAsync(entity, context.RequestAborted).ConfigureAwait(false);
        }
        catch (EntityNotFoundException)
        {
            await NotFoundAsync(context, id).ConfigureAwait(false);
            return;
        }
        catch (ConcurrencyConflictException)
        {
            await ConflictAsync(context).ConfigureAwait(false);
            return;
        }
        catch (DuplicateKeyException exception)
        {
            await ProblemAsync(context, 409, exception.Message).ConfigureAwait(false);
            return;
        }

        if (_options.AfterUpdateHook is { } after)
        {
            await after(new ResourceHookContext<TEntity>(context, operation, stored, current)).ConfigureAwait(false);
        }

        await WriteEntityAsync(context, stored, 200).ConfigureAwait(false);
    }

    /// <summary>The item changed between our read and our write: with If-Match the client's precondition failed (412), without it 409.</summary>
    private static ValueTask ConflictAsync(HttpContext context) =>
        context.Request.Headers.ContainsKey("If-Match")
            ? ProblemAsync(context, 412, "The item was changed by someone else; read it again and retry with its new ETag.")
            : ProblemAsync(context, 409, "The item was changed by someone else while this request ran; read it again and retry.");

    private async ValueTask<bool> PreconditionsPassAsync(HttpContext context, TEntity current)
    {
        var headers = context.Request.Headers;
        var tag = ETagOf(current);
        if (headers.TryGetValue("If-Match", out var ifMatch))
        {
            if (!EntityTags.IfMatchPasses(ifMatch, tag))
            {
                context.Response.Headers["ETag"] = tag;
                await ProblemAsync(context, 412, $"If-Match does not name the current version {tag}; read the item again and retry with its ETag.").ConfigureAwait(false);
                return false;
            }
        }
        else if (_options.RequireIfMatch)
        {
            await ProblemAsync(context, 428, "This resource requires If-Match with the ETag of the item being changed, so no change made meanwhile is overwritten.").ConfigureAwait(false);
            return false;
        }

        if (headers.TryGetValue("If-None-Match", out var ifNoneMatch) && EntityTags.IfNoneMatchMatches(ifNoneMatch, tag))
        {
            await ProblemAsync(context, 412, "If-None-Match names the current version of the item.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private async ValueTask<TEntity?> ReadEntityAsync(HttpContext context, ResourceOperations operation)
    {
        if (!IsMediaType(context.Request.ContentType, "application/json"))
        {
            await ProblemAsync(context, 415, $"{(operation == ResourceOperations.Create ? "POST" : "PUT")} takes a JSON body (Content-Type: application/json), not '{context.Request.ContentType}'.").ConfigureAwait(false);
            return null;
        }

        var bytes = await ReadBodyAsync(context).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var entity = JsonSerializer.Deserialize(bytes, TypeInfo(context));
            if (entity is null)
            {
                await ProblemAsync(context, 400, $"The body must be a JSON object describing a {typeof(TEntity).Name}, not null.").ConfigureAwait(false);
            }

            return entity;
        }
        catch (JsonException exception)
        {
            await ProblemAsync(context, 400, BadJson(exception)).ConfigureAwait(false);
            return null;
        }
    }

    private static string BadJson(JsonException exception) =>
        exception.Path is { Length: > 1 } path
            ? $"The body is not valid for a {typeof(TEntity).Name}: the value at '{path}' has the wrong type or form."
            : $"The body is not valid JSON for a {typeof(TEntity).Name}" + (exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})." : ".");

    private async ValueTask<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var declared = context.Request.ContentLength;
        if (declared > _maxBodySize)
        {
            await ProblemAsync(context, 413, $"The body is larger than the limit of {_maxBodySize} bytes.").ConfigureAwait(false);
            return null;
        }

        // Read into a pooled buffer sized by Content-Length when it is given: a fresh 8 KiB chunk and a growing MemoryStream
        // per write were most of what a create allocated. The result is copied out at its exact size.
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and < MaxPresizedBody ? (int)declared + 1 : BodyChunk);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    Release(buffer, length);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > _maxBodySize)
                {
                    await ProblemAsync(context, 413, $"The body is larger than the limit of {_maxBodySize} bytes.").ConfigureAwait(false);
                    return null;
                }
            }

            if (length == 0)
            {
                await ProblemAsync(context, 400, $"The body is required: a JSON object describing a {typeof(TEntity).Name}.").ConfigureAwait(false);
                return null;
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        catch (BadHttpRequestException exception)
        {
            await ProblemAsync(context, exception.StatusCode, exception.Message).ConfigureAwait(false);
            return null;
        }
        finally
        {
            Release(buffer, length);
        }

        // A body may hold personal data: wipe what was read before the buffer goes back to the shared pool.
        static void Release(byte[] buffer, int length)
        {
            buffer.AsSpan(0, Math.Min(length, buffer.Length)).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<bool> ValidateAsync(HttpContext context, TEntity entity)
    {
        _ = TypeInfo(context);
        if (_validator?.Validate(entity) is { } errors)
        {
            await WriteValidationAsync(context, errors).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static ValueTask WriteValidationAsync(HttpContext context, Dictionary<string, string[]> errors) =>
        ProblemWriter.WriteAsync(context, new ValidationProblemDetails(errors) { Status = 400, Detail = "One or more fields are invalid." });

    private static async ValueTask<bool> RunBeforeAsync(
        HttpContext context, Func<ResourceHookContext<TEntity>, ValueTask<ProblemDetails?>>? hook, ResourceOperations operation, TEntity entity, TEntity? previous)
    {
        if (hook is null || await hook(new ResourceHookContext<TEntity>(context, operation, entity, previous)).ConfigureAwait(false) is not { } problem)
        {
            return true;
        }

        problem.Status ??= 400;
        await ProblemWriter.WriteAsync(context, problem).ConfigureAwait(false);
        return false;
    }

    private static bool IsMediaType(string? contentType, string expected)
    {
        if (contentType is null)
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return mediaType.Equals(expected, StringComparison.OrdinalIgnoreCase)
            || (expected == "application/json" && JsonBodyBinder.IsJson(contentType) && !mediaType.Equals(ResourceDefaults.MergePatchMediaType, StringComparison.OrdinalIgnoreCase));
    }
}
