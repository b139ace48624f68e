using System.Net;
using BackEnd.Core.Tests.Testing;
using BackEnd.Pipeline;
using BackEnd.Routing;
using BackEnd.Storage;
using BackEnd.Testing;
using Microsoft.Extensions.Logging;
using static BackEnd.Core.Tests.Routing.BindingTests;

namespace BackEnd.Core.Tests.Pipeline;

public sealed class ExceptionHandlerMiddlewareTests
{
    [Theory]
    [InlineData(StorageErrorKind.NotFound, HttpStatusCode.NotFound, "No Book has this key.")]
    [InlineData(StorageErrorKind.Conflict, HttpStatusCode.Conflict, "The Book was changed by someone else since it was read.")]
    [InlineData(StorageErrorKind.DuplicateKey, HttpStatusCode.Conflict, "A Book with this key already exists.")]
    [InlineData(StorageErrorKind.InvalidQuery, HttpStatusCode.BadRequest, "The cursor is malformed.")]
    public async Task Handler_ThrowsStorageException_ReturnsProblemWithStatusAndMessage(StorageErrorKind kind, HttpStatusCode expected, string message)
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/books", string () => throw Create(kind, message)));

        var response = await test.Client.GetAsync("/books");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadProblem(response);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.Equal(message, problem.GetProperty("detail").GetString());
        Assert.Equal("/books", problem.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData(StorageErrorKind.ConstraintViolation, HttpStatusCode.Conflict, "The database refused a value: invalid input syntax for type integer: \"secret-value\"")]
    [InlineData(StorageErrorKind.Unavailable, HttpStatusCode.ServiceUnavailable, "The SQLite database file '/srv/secret/app.db' is missing; it was deleted or moved.")]
    public async Task Handler_ThrowsStorageExceptionWithProviderText_ReturnsGenericDetailInProduction(StorageErrorKind kind, HttpStatusCode expected, string message)
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/books", string () => throw Create(kind, message)));

        var response = await test.Client.GetAsync("/books");

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((await ReadProblem(response)).GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Handler_ThrowsStorageException_LoggedWithoutErrorOrStackTrace()
    {
        var sink = new ListLoggerProvider();
        await using var host = await BackEndTestHost.StartAsync(
            b => b.Configure(app =>
            {
                app.MapGet("/missing", string () => throw new EntityNotFoundException("No Book has this key."));
                app.MapGet("/taken", string () => throw new DuplicateKeyException("A Book with this key already exists."));
                app.MapGet("/down", string () => throw new StorageUnavailableException("The SQLite database is unavailable.", new IOException("disk")));
            }),
            new BackEndTestHostOptions { ConfigureHost = h => h.Logging.AddProvider(sink).SetMinimumLevel(LogLevel.Trace) });
        using var client = host.CreateClient();

        await client.GetAsync("/missing");
        await client.GetAsync("/taken");
        await client.GetAsync("/down");

        Assert.DoesNotContain(sink.Messages, m => m.Level >= LogLevel.Error);
        Assert.Contains(sink.Messages, m => m.Level == LogLevel.Debug && m.Message.Contains("/missing responded 404", StringComparison.Ordinal));
        Assert.Contains(sink.Messages, m => m.Level == LogLevel.Information && m.Message.Contains("/taken responded 409", StringComparison.Ordinal));
        Assert.Single(sink.Messages, m => m.Level == LogLevel.Warning && m.Message.Contains("/down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handler_ThrowsOtherException_StillReturns500()
    {
        await using var test = await TestApp.StartAsync(app => app.MapGet("/boom", string () => throw new InvalidOperationException("x")));

        var response = await test.Client.GetAsync("/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private static StorageException Create(StorageErrorKind kind, string message) => kind switch
    {
        StorageErrorKind.NotFound => new EntityNotFoundException(message),
        StorageErrorKind.Conflict => new ConcurrencyConflictException(message),
        StorageErrorKind.DuplicateKey => new DuplicateKeyException(message),
        StorageErrorKind.ConstraintViolation => new ConstraintViolationException(message),
        StorageErrorKind.Unavailable => new StorageUnavailableException(message),
        StorageErrorKind.InvalidQuery => new InvalidQueryException(message),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
