using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackEnd.Http;
using BackEnd.HttpResults.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace BackEnd.Routing.Internal.Binding;

/// <summary>
/// Turns a handler delegate into a <see cref="RequestDelegate"/> once, at start-up: each parameter gets a source
/// (route, query, header, body, services, context) and a typed binder, and one expression tree that binds, calls the
/// handler and writes its result is compiled. Requests then run the compiled code with no reflection.
/// </summary>
[RequiresUnreferencedCode(RouteHandlerDefaults.TrimmingMessage)]
[RequiresDynamicCode(RouteHandlerDefaults.AotMessage)]
internal sealed class RequestDelegateFactory(IServiceProvider services, JsonSerializerOptions jsonOptions, long maxBodySize, int invalidBodyStatus = 400)
{
    private static readonly MethodInfo RejectMethod = typeof(RequestDelegateFactory).GetMethod(nameof(Reject), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo GetTokenMethod = typeof(RequestTimeouts).GetMethod(nameof(RequestTimeouts.GetToken))!;

    private readonly NullabilityInfoContext _nullability = new();
    private readonly IServiceProviderIsService? _isService = services.GetService<IServiceProviderIsService>();

    public RequestDelegate Create(RouteHandlerBuilder route, RoutePattern pattern, IReadOnlyList<IEndpointFilter> filters, bool hasTimeout)
    {
        if (route.RequestDelegate is { } requestDelegate)
        {
            return filters.Count == 0 ? requestDelegate : CreateFiltered(requestDelegate, filters);
        }

        var handler = route.Handler!;
        var context = Expression.Parameter(typeof(HttpContext), "context");
        var body = Expression.Parameter(typeof(object), "body");
        var binds = new List<(Expression Call, ParameterExpression Value)>();
        var arguments = new List<Expression>();
        JsonBodyBinder? bodyBinder = null;
        var routeNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in pattern.Segments.SelectMany(static s => s.ParameterNames))
        {
            routeNames[name] = name;
        }

        var error = Expression.Variable(typeof(BindingError), "error");
        foreach (var parameter in handler.Method.GetParameters())
        {
            arguments.Add(BindParameter(route, parameter, routeNames, context, body, error, hasTimeout, ref bodyBinder, binds));
        }

        var locals = binds.ConvertAll(static b => b.Value);
        var invoke = Expression.Invoke(Expression.Constant(handler), arguments);
        var core = filters.Count == 0
            ? CompileDirect(context, body, error, locals, binds, WriteResult(context, invoke, handler.Method.ReturnType, jsonOptions))
            : CompileFiltered(context, body, locals, binds, arguments, handler, filters);

        if (bodyBinder is null)
        {
            return ctx => core(ctx, null);
        }

        var binder = bodyBinder;
        return ctx => binder.InvokeAsync(ctx, core);
    }

    /// <summary>Says at start-up which registration a handler's service parameter needs, instead of a 500 on the first request.</summary>
    private static string MissingServiceMessage(RouteHandlerBuilder route, string parameter, Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var hint = definition.FullName switch
        {
            "BackEnd.Storage.IRepository`2" or "BackEnd.Storage.IEntityStore" =>
                "add a store: .AddSqlStorage(o => o.UseSqlite(\"Data Source=app.db\")) (package BackEnd.Storage.Sql), or .AddInMemoryStorage() for tests",
            "BackEnd.Storage.Sql.ISqlDatabase" => "add .AddSqlStorage(o => o.UseSqlite(\"Data Source=app.db\")) (package BackEnd.Storage.Sql)",
            _ when definition.Assembly.GetName().Name is { } assembly && assembly.StartsWith("BackEnd.", StringComparison.Ordinal) && !assembly.EndsWith(".Tests", StringComparison.Ordinal) =>
                $"add the BackEnd package and its Add… call that provides {definition.Namespace}",
            _ => "register it, e.g. builder.Services.AddScoped<" + type.Name + ", ...>()",
        };
        return $"The handler for '{route.Pattern}' has a parameter '{parameter}' of type '{type}', but no such service is registered: {hint}. " +
               "Mark it [FromServices] with a default value or make it nullable if it is optional.";
    }

    private static RequestDelegate CreateFiltered(RequestDelegate requestDelegate, IReadOnlyList<IEndpointFilter> filters)
    {
        var pipeline = ComposeFilters(async invocation =>
        {
            await requestDelegate(invocation.HttpContext).ConfigureAwait(false);
            return BackEnd.Http.Results.Empty;
        }, filters);
        return ctx => RunFilters(ctx, [], pipeline);
    }

    private static Func<HttpContext, object?, ValueTask> CompileDirect(
        ParameterExpression context, ParameterExpression body, ParameterExpression error, List<ParameterExpression> locals,
        List<(Expression Call, ParameterExpression Value)> binds, Expression writeResult)
    {
        var returnLabel = Expression.Label(typeof(ValueTask), "done");
        var statements = new List<Expression>();
        foreach (var (call, _) in binds)
        {
            statements.Add(Expression.IfThen(Expression.Not(call), Expression.Return(returnLabel, Expression.Call(RejectMethod, context, error))));
        }

        statements.Add(Expression.Label(returnLabel, writeResult));
        var block = Expression.Block(typeof(ValueTask), [.. locals, error], statements);
        return Expression.Lambda<Func<HttpContext, object?, ValueTask>>(block, context, body).Compile();
    }

    private static Func<HttpContext, object?, ValueTask> CompileFiltered(
        ParameterExpression context, ParameterExpression body, List<ParameterExpression> locals,
        List<(Expression Call, ParameterExpression Value)> binds, List<Expression> arguments, Delegate handler, IReadOnlyList<IEndpointFilter> filters)
    {
        // Binding: the same bind calls, but writing the error to an out parameter and returning the boxed arguments.
        var errorOut = Expression.Parameter(typeof(BindingError).MakeByRefType(), "error");
        var fail = Expression.Label(typeof(object?[]), "done");
        var statements = new List<Expression>();
        var replacer = new ErrorReplacer(errorOut);
        foreach (var (call, _) in binds)
        {
            statements.Add(Expression.IfThen(Expression.Not(replacer.Visit(call)), Expression.Return(fail, Expression.Constant(null, typeof(object?[])))));
        }

        var boxed = new Expression[arguments.Count];
        for (var i = 0; i < boxed.Length; i++)
        {
            boxed[i] = Expression.Convert(arguments[i], typeof(object));
        }

        statements.Add(Expression.Label(fail, Expression.NewArrayInit(typeof(object), boxed)));
        var bind = Expression.Lambda<ArgumentsBinder>(Expression.Block(typeof(object?[]), locals, statements), context, body, errorOut).Compile();

        // Invocation: unbox from the (possibly filter-modified) array, call, box the return.
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = handler.Method.GetParameters();
        var unboxed = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            unboxed[i] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), parameters[i].ParameterType);
        }

        Expression handlerCall = Expression.Invoke(Expression.Constant(handler), unboxed);
        var returnType = handler.Method.ReturnType;
        handlerCall = returnType == typeof(void)
            ? Expression.Block(handlerCall, Expression.Constant(null, typeof(object)))
            : Expression.Convert(handlerCall, typeof(object));
        var invoke = Expression.Lambda<Func<object?[], object?>>(handlerCall, args).Compile();
        var unwrap = CreateUnwrapper(returnType);
        var pipeline = ComposeFilters(invocation => unwrap(invoke(invocation.ArgumentArray)), filters);

        return (ctx, bodyValue) =>
        {
            var bound = bind(ctx, bodyValue, out var error);
            return bound is null ? Reject(ctx, error) : RunFilters(ctx, bound, pipeline);
        };
    }

    private static EndpointFilterDelegate ComposeFilters(EndpointFilterDelegate final, IReadOnlyList<IEndpointFilter> filters)
    {
        var next = final;
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            var filter = filters[i];
            var inner = next;
            next = invocation => filter.InvokeAsync(invocation, inner);
        }

        return next;
    }

    private static async ValueTask RunFilters(HttpContext context, object?[] arguments, EndpointFilterDelegate pipeline)
    {
        var result = await pipeline(new EndpointFilterInvocationContext(context, arguments)).ConfigureAwait(false);
        await ResultHandlers.WriteObject(context, result).ConfigureAwait(false);
    }

    private static ValueTask Reject(HttpContext context, BindingError error) => ProblemWriter.WriteAsync(context, error.Status, error.Detail);

    private static Func<object?, ValueTask<object?>> CreateUnwrapper(Type returnType)
    {
        string name;
        Type? argument = null;
        if (returnType == typeof(Task))
        {
            name = nameof(ResultHandlers.UnwrapTask);
        }
        else if (returnType == typeof(ValueTask))
        {
            name = nameof(ResultHandlers.UnwrapValueTask);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            name = nameof(ResultHandlers.UnwrapTaskOf);
            argument = returnType.GetGenericArguments()[0];
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            name = nameof(ResultHandlers.UnwrapValueTaskOf);
            argument = returnType.GetGenericArguments()[0];
        }
        else
        {
            name = nameof(ResultHandlers.UnwrapNone);
        }

        var method = typeof(ResultHandlers).GetMethod(name)!;
        if (argument is not null)
        {
            method = method.MakeGenericMethod(argument);
        }

        return method.CreateDelegate<Func<object?, ValueTask<object?>>>();
    }

    private static Expression WriteResult(ParameterExpression context, Expression invoke, Type returnType, JsonSerializerOptions jsonOptions)
    {
        if (returnType == typeof(void))
        {
            return Expression.Block(invoke, Expression.Call(typeof(ResultHandlers).GetMethod(nameof(ResultHandlers.WriteVoid))!, context));
        }

        if (returnType == typeof(Task))
        {
            return Expression.Call(typeof(ResultHandlers).GetMethod(nameof(ResultHandlers.WriteTask))!, context, invoke);
        }

        if (returnType == typeof(ValueTask))
        {
            return Expression.Call(typeof(ResultHandlers).GetMethod(nameof(ResultHandlers.WriteValueTask))!, context, invoke);
        }

        string name;
        var valueType = returnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            name = nameof(ResultHandlers.WriteTaskOf);
            valueType = returnType.GetGenericArguments()[0];
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            name = nameof(ResultHandlers.WriteValueTaskOf);
            valueType = returnType.GetGenericArguments()[0];
        }
        else
        {
            name = nameof(ResultHandlers.WriteValue);
        }

        var method = typeof(ResultHandlers).GetMethod(name)!.MakeGenericMethod(valueType);
        var typeInfoType = typeof(JsonTypeInfo<>).MakeGenericType(valueType);
        return Expression.Call(method, context, invoke, Expression.Constant(ResolveResultTypeInfo(valueType, jsonOptions), typeInfoType));
    }

    /// <summary>
    /// Resolves the JSON contract of a declared return type once, so writing the result skips the per-request lookup;
    /// <see langword="null"/> when the runtime type decides (object, interfaces, results, text) or the options cannot
    /// serialize the type, which then fails per request exactly as before.
    /// </summary>
    private static JsonTypeInfo? ResolveResultTypeInfo(Type valueType, JsonSerializerOptions jsonOptions)
    {
        if (valueType == typeof(object) || valueType == typeof(string) || valueType.IsInterface || valueType.IsAbstract
            || typeof(BackEnd.Http.IResult).IsAssignableFrom(valueType))
        {
            return null;
        }

        try
        {
            return JsonSettings.ForResponses(jsonOptions).GetTypeInfo(valueType);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private Expression BindParameter(
        RouteHandlerBuilder route, ParameterInfo parameter, Dictionary<string, string> routeNames, ParameterExpression context, ParameterExpression body,
        ParameterExpression error, bool hasTimeout, ref JsonBodyBinder? bodyBinder, List<(Expression Call, ParameterExpression Value)> binds)
    {
        var type = parameter.ParameterType;
        var name = parameter.Name ?? throw new InvalidOperationException($"A parameter of the handler for '{route.Pattern}' has no name.");
        if (type.IsByRef)
        {
            throw new InvalidOperationException($"The parameter '{name}' of the handler for '{route.Pattern}' is passed by reference; handlers take values.");
        }

        var fromRoute = parameter.GetCustomAttribute<FromRouteAttribute>();
        var fromQuery = parameter.GetCustomAttribute<FromQueryAttribute>();
        var fromHeader = parameter.GetCustomAttribute<FromHeaderAttribute>();
        var fromForm = parameter.GetCustomAttribute<FromFormAttribute>() is not null;
        var fromBody = fromForm || parameter.GetCustomAttribute<FromBodyAttribute>() is not null;
        var fromServices = parameter.GetCustomAttribute<FromServicesAttribute>() is not null;
        var hasSourceAttribute = fromRoute is not null || fromQuery is not null || fromHeader is not null || fromBody || fromServices;

        if (!hasSourceAttribute)
        {
            if (type == typeof(HttpContext))
            {
                return context;
            }

            if (type == typeof(HttpRequest))
            {
                return Expression.Property(context, nameof(HttpContext.Request));
            }

            if (type == typeof(HttpResponse))
            {
                return Expression.Property(context, nameof(HttpContext.Response));
            }

            if (type == typeof(ClaimsPrincipal))
            {
                return Expression.Property(context, nameof(HttpContext.User));
            }

            if (type == typeof(CancellationToken))
            {
                return hasTimeout ? Expression.Call(GetTokenMethod, context) : Expression.Property(context, nameof(HttpContext.RequestAborted));
            }
        }

        var optional = IsOptional(parameter);
        var parser = CreateParser(type);
        var elementType = type.IsArray ? type.GetElementType()! : null;
        var elementParser = elementType is null ? null : CreateParser(elementType);

        if (fromRoute is not null || (!hasSourceAttribute && routeNames.ContainsKey(name)))
        {
            // The template's spelling is the key the router writes, whatever the case of the parameter name.
            var requested = fromRoute?.Name ?? name;
            if (!routeNames.TryGetValue(requested, out var key))
            {
                throw new InvalidOperationException($"The parameter '{name}' of the handler for '{route.Pattern}' binds from the route value '{requested}', which the template does not have.");
            }

            return Value(BindingSource.Route, key);
        }

        if (fromQuery is not null || fromHeader is not null || (!hasSourceAttribute && (parser is not null || elementParser is not null)))
        {
            var source = fromHeader is not null ? BindingSource.Header : BindingSource.Query;
            var key = fromHeader?.Name ?? fromQuery?.Name ?? name;
            return elementParser is not null && parser is null ? Array(source, key) : Value(source, key);
        }

        if (fromServices || (!hasSourceAttribute && (type.IsInterface || type.IsAbstract || _isService?.IsService(type) == true)))
        {
            if (!optional && _isService is not null && !_isService.IsService(type))
            {
                throw new InvalidOperationException(MissingServiceMessage(route, name, type));
            }

            var binderType = typeof(ServiceBinder<>).MakeGenericType(type);
            return AddBinder(Activator.CreateInstance(binderType, name, !optional)!);
        }

        if (bodyBinder is not null)
        {
            throw new InvalidOperationException(
                $"The handler for '{route.Pattern}' has more than one body parameter ('{name}' is the second); bind one complex type from the JSON body and the rest with [FromQuery], [FromRoute], [FromHeader] or [FromServices].");
        }

        JsonTypeInfo typeInfo;
        try
        {
            typeInfo = jsonOptions.GetTypeInfo(type);
        }
        catch (NotSupportedException exception)
        {
            throw new InvalidOperationException($"The body parameter '{name}' of the handler for '{route.Pattern}' has type '{type}', which the configured JSON options cannot deserialize; add it to a JsonSerializerContext.", exception);
        }

        var validator = BodyValidator.Create(type, typeInfo);
        var binderDefinition = fromForm ? typeof(FormBodyBinder<>) : typeof(JsonBodyBinder<>);
        bodyBinder = (JsonBodyBinder)Activator.CreateInstance(binderDefinition.MakeGenericType(type), name, !optional, typeInfo, validator, maxBodySize, invalidBodyStatus)!;
        return Expression.Convert(body, type);

        Expression Value(BindingSource source, string key)
        {
            if (parser is null)
            {
                throw new InvalidOperationException($"The parameter '{name}' of the handler for '{route.Pattern}' binds from text, but its type '{type}' cannot be parsed from text (it must implement ISpanParsable<T>, be an enum, or a string).");
            }

            var binderType = typeof(ValueBinder<>).MakeGenericType(type);
            return AddBinder(Activator.CreateInstance(binderType, source, name, key, parser, !optional, DefaultValue(parameter), DescribeType(type))!);
        }

        Expression Array(BindingSource source, string key)
        {
            var binderType = typeof(ArrayBinder<>).MakeGenericType(elementType!);
            return AddBinder(Activator.CreateInstance(binderType, source, name, key, elementParser, DescribeType(elementType!))!);
        }

        Expression AddBinder(object binder)
        {
            var value = Expression.Variable(type, name);
            var call = Expression.Call(Expression.Constant(binder), binder.GetType().GetMethod("TryBind")!, context, value, error);
            binds.Add((call, value));
            return value;
        }
    }

    private bool IsOptional(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.HasDefaultValue || Nullable.GetUnderlyingType(type) is not null)
        {
            return true;
        }

        return !type.IsValueType && _nullability.Create(parameter).WriteState == NullabilityState.Nullable;
    }

    private static object? DefaultValue(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.HasDefaultValue && parameter.DefaultValue is { } value)
        {
            var target = Nullable.GetUnderlyingType(type) ?? type;
            return target.IsEnum ? Enum.ToObject(target, value) : value;
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    private static object? CreateParser(Type type)
    {
        if (type == typeof(string))
        {
            return new StringParser();
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            var inner = CreateParser(underlying);
            return inner is null ? null : Activator.CreateInstance(typeof(NullableParser<>).MakeGenericType(underlying), inner);
        }

        if (type.IsEnum)
        {
            return Activator.CreateInstance(typeof(EnumParser<>).MakeGenericType(type));
        }

        foreach (var contract in type.GetInterfaces())
        {
            if (contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(ISpanParsable<>) && contract.GetGenericArguments()[0] == type)
            {
                return Activator.CreateInstance(typeof(SpanParsableParser<>).MakeGenericType(type));
            }
        }

        return null;
    }

    private static string DescribeType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return $"{type.Name} value";
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => $"integer ({type.Name})",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => $"number ({type.Name})",
            TypeCode.Boolean => "boolean (true or false)",
            TypeCode.DateTime => "date and time",
            _ => type == typeof(Guid) ? "GUID" : type.Name,
        };
    }

    /// <summary>Points the bind calls at the out parameter of the filtered binder instead of the local of the direct one.</summary>
    private sealed class ErrorReplacer(ParameterExpression errorOut) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node.Type == typeof(BindingError) && node.Name == "error" ? errorOut : base.VisitParameter(node);
    }
}
