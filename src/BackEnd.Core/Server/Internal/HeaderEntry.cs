namespace BackEnd.Server.Internal;

/// <summary>Where one received header field sits in the connection's header byte buffer.</summary>
internal readonly record struct HeaderEntry(int NameStart, int NameLength, int ValueStart, int ValueLength);
