using System.Runtime.CompilerServices;

namespace BackEnd.Realtime;

/// <summary>The channel names every <see cref="IEventBackplane"/> accepts: short enough for a PostgreSQL identifier, nothing to quote.</summary>
public static class EventBackplaneChannel
{
    /// <summary>The longest channel name: 63.</summary>
    public const int MaxLength = 63;

    /// <summary>Throws unless the name is 1–63 ASCII letters, digits, <c>_</c>, <c>.</c> or <c>-</c>.</summary>
    /// <param name="channel">The channel name.</param>
    /// <param name="parameterName">The caller's parameter, for the exception.</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static void ThrowIfInvalid(string? channel, [CallerArgumentExpression(nameof(channel))] string? parameterName = null)
    {
        if (string.IsNullOrEmpty(channel) || channel.Length > MaxLength || !channel.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new ArgumentException($"The backplane channel '{channel}' is not valid: use 1–{MaxLength} ASCII letters, digits, '_', '.' or '-'.", parameterName);
        }
    }
}
