using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using BackEnd.Http;

namespace BackEnd.Server.Internal;

/// <summary>
/// Reads one request's body from the connection input, honouring Content-Length or decoding chunked framing
/// (extensions validated and ignored, trailers consumed). Slices of the connection's buffer are handed out
/// directly, so reading a body copies nothing, except when a reader of a chunked body asks for more than the current
/// chunk holds without consuming it: the next chunk sits behind framing bytes, so the unconsumed data is carried in a copy.
/// </summary>
internal sealed class RequestBodyReader : PipeReader
{
    private const int MaxChunkLineLength = 4096;

    private readonly Http1Connection _connection;
    private BodyKind _kind;
    private ChunkState _state;
    private long _remaining;
    private long _total;
    private long _limit;
    private int _trailerBytes;
    private int _trailerLimit;
    private bool _finished;
    private bool _pending;
    private ReadOnlySequence<byte> _current;
    private byte[]? _carry;
    private int _carryLength;
    private bool _carrying;
    private bool _carryExamined;
    private bool _inputHeld;
    private BadHttpRequestException? _error;

    public RequestBodyReader(Http1Connection connection)
    {
        _connection = connection;
    }

    private enum ChunkState
    {
        Size,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    public bool IsFinished => _finished;

    /// <summary>Gets a value indicating whether the body has ended and holds nothing of the input, which another reader may then use.</summary>
    public bool IsInputReleased => _finished && !_inputHeld && !_pending;

    /// <summary>Gets the framing failure that ended this body, if any; once set, every read throws it again.</summary>
    public BadHttpRequestException? Error => _error;

    public long BytesRead { get; private set; }

    public void Start(BodyKind kind, long contentLength, long limit, int trailerLimit)
    {
        _kind = kind;
        _state = ChunkState.Size;
        _remaining = kind == BodyKind.ContentLength ? contentLength : 0;
        _total = 0;
        _limit = limit;
        _trailerBytes = 0;
        _trailerLimit = trailerLimit;
        _finished = kind == BodyKind.None;
        _pending = false;
        _current = default;
        BytesRead = 0;
        _carryLength = 0;
        _carrying = false;
        _carryExamined = false;
        _inputHeld = false;
        _error = null;
        if (_carry is not null)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
        }
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        if (_finished)
        {
            return new ValueTask<ReadResult>(new ReadResult(default, false, true));
        }

        ThrowIfReadPending();
        if (CarryIsReady)
        {
            return new ValueTask<ReadResult>(CarryResult());
        }

        return ReadCoreAsync(cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        ThrowIfFailed();
        if (_finished)
        {
            result = new ReadResult(default, false, true);
            return true;
        }

        ThrowIfReadPending();
        if (CarryIsReady)
        {
            result = CarryResult();
            return true;
        }

        if (_connection.NeedsContinue || !_connection.Input.TryRead(out var underlying))
        {
            result = default;
            return false;
        }

        return TryProduce(underlying, out result);
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!_pending)
        {
            return;
        }

        _pending = false;
        if (_carrying)
        {
            AdvanceCarry(consumed, examined);
            return;
        }

        var consumedBytes = _current.Slice(_current.Start, consumed).Length;
        if (_kind == BodyKind.Chunked && consumedBytes < _current.Length && _current.Length == _remaining && _current.Slice(examined).IsEmpty)
        {
            // The reader wants more than this chunk holds: keep the unconsumed rest aside and move past the chunk.
            AppendCarry(_current.Slice(consumed));
            _carryExamined = true;
            consumed = _current.End;
            examined = consumed;
            consumedBytes = _current.Length;
        }

        _remaining -= consumedBytes;
        BytesRead += consumedBytes;
        _connection.OnBodyBytesConsumed(consumedBytes);
        if (_remaining == 0)
        {
            if (_kind == BodyKind.ContentLength)
            {
                _finished = true;
            }
            else
            {
                _state = ChunkState.DataEnd;
            }
        }

        AdvanceInput(consumed, examined);
    }

    public override void CancelPendingRead() => _connection.Input.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        // The connection owns the input; whatever the application left unread is drained or the connection closed.
    }

    /// <summary>Reads and discards the rest of the body so the connection can carry the next request; false when over budget or failed.</summary>
    public async ValueTask<bool> DrainAsync(long maxBytes)
    {
        if (_error is not null)
        {
            return false;
        }

        if (_pending)
        {
            // The application read without advancing; the chunk framing already parsed must still count as consumed.
            AdvanceTo(_current.Start);
        }

        long drained = 0;
        while (!_finished)
        {
            var result = await ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled)
            {
                return false;
            }

            drained += result.Buffer.Length;
            AdvanceTo(result.Buffer.End);
            if (drained > maxBytes && !_finished)
            {
                return false;
            }
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadCoreAsync(CancellationToken cancellationToken)
    {
        if (_connection.NeedsContinue)
        {
            await _connection.SendContinueAsync().ConfigureAwait(false);
        }

        try
        {
            return await ReadUnderlyingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _connection.OnTransportFailed();
            throw;
        }
    }

    private async ValueTask<ReadResult> ReadUnderlyingAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = _connection.Input.ReadAsync(cancellationToken);
            ReadResult underlying;
            if (pending.IsCompleted)
            {
                underlying = pending.Result;
            }
            else
            {
                _connection.BeginBodyWait();
                try
                {
                    underlying = await pending.ConfigureAwait(false);
                }
                finally
                {
                    _connection.EndBodyWait();
                }
            }

            if (TryProduce(underlying, out var result))
            {
                return result;
            }
        }
    }

    /// <summary>
    /// Turns the connection's next read into body data. A framing failure is remembered and the connection told at once,
    /// so neither a handler that catches it nor the drain can resume parsing from a stale state: the bytes after a
    /// malformed chunk are never read again, so none of them can be taken for a request.
    /// </summary>
    private bool TryProduce(ReadResult underlying, out ReadResult result)
    {
        _inputHeld = true;
        try
        {
            return TryProduceCore(underlying, out result);
        }
        catch (BadHttpRequestException ex)
        {
            Fail(ex, underlying.Buffer);
            throw;
        }
    }

    private void Fail(BadHttpRequestException ex, ReadOnlySequence<byte> buffer)
    {
        if (_inputHeld)
        {
            AdvanceInput(buffer.End, buffer.End);
        }

        _error = ex;
        _pending = false;
        _current = default;
        _connection.OnBodyFailed(ex);
    }

    private void ThrowIfFailed()
    {
        if (_error is not null)
        {
            throw _error;
        }
    }

    private void AdvanceInput(SequencePosition consumed)
    {
        _inputHeld = false;
        _connection.Input.AdvanceTo(consumed);
    }

    private void AdvanceInput(SequencePosition consumed, SequencePosition examined)
    {
        _inputHeld = false;
        _connection.Input.AdvanceTo(consumed, examined);
    }

    private bool TryProduceCore(ReadResult underlying, out ReadResult result)
    {
        var buffer = underlying.Buffer;
        if (underlying.IsCanceled)
        {
            AdvanceInput(buffer.Start);
            _connection.ThrowIfBodyReadFailed();
            result = new ReadResult(default, true, false);
            return true;
        }

        if (_kind == BodyKind.ContentLength)
        {
            if (buffer.IsEmpty)
            {
                AdvanceInput(buffer.Start);
                if (underlying.IsCompleted)
                {
                    throw new BadHttpRequestException("Unexpected end of request content.");
                }

                result = default;
                return false;
            }

            var slice = buffer.Length > _remaining ? buffer.Slice(0, _remaining) : buffer;
            _current = slice;
            _pending = true;
            result = new ReadResult(slice, false, slice.Length == _remaining);
            return true;
        }

        var reader = new SequenceReader<byte>(buffer);
        var appended = false;
        while (true)
        {
            switch (_state)
            {
                case ChunkState.Size:
                    if (!TryReadLine(ref reader, out var sizeLine))
                    {
                        return appended ? ReturnCarry(ref reader, buffer, out result) : NeedMore(underlying, ref reader, out result);
                    }

                    var size = ParseChunkSize(sizeLine);
                    if (size == 0)
                    {
                        _state = ChunkState.Trailers;
                        break;
                    }

                    _total += size;
                    if (_total > _limit)
                    {
                        throw new BadHttpRequestException(413, "The request body is larger than the limit.");
                    }

                    _remaining = size;
                    _state = ChunkState.Data;
                    break;

                case ChunkState.Data:
                    if (reader.End)
                    {
                        return appended ? ReturnCarry(ref reader, buffer, out result) : NeedMore(underlying, ref reader, out result);
                    }

                    var available = Math.Min(reader.Remaining, _remaining);
                    if (_carryLength > 0)
                    {
                        // Carrying: decode into the copy until the input runs out, so the reader sees more than before.
                        AppendCarry(buffer.Slice(reader.Position, available));
                        reader.Advance(available);
                        _remaining -= available;
                        BytesRead += available;
                        _connection.OnBodyBytesConsumed(available);
                        _state = _remaining == 0 ? ChunkState.DataEnd : ChunkState.Data;
                        appended = true;
                        break;
                    }

                    _current = buffer.Slice(reader.Position, available);
                    _pending = true;
                    result = new ReadResult(_current, false, false);
                    return true;

                case ChunkState.DataEnd:
                    if (reader.Remaining < 2)
                    {
                        return appended ? ReturnCarry(ref reader, buffer, out result) : NeedMore(underlying, ref reader, out result);
                    }

                    if (!reader.IsNext("\r\n"u8, advancePast: true))
                    {
                        throw new BadHttpRequestException("Chunk data is not terminated by CRLF.");
                    }

                    _state = ChunkState.Size;
                    break;

                case ChunkState.Trailers:
                    if (!TryReadLine(ref reader, out var trailer))
                    {
                        return appended ? ReturnCarry(ref reader, buffer, out result) : NeedMore(underlying, ref reader, out result);
                    }

                    if (trailer.Length == 0)
                    {
                        _state = ChunkState.Done;
                        break;
                    }

                    _trailerBytes += trailer.Length + 2;
                    if (_trailerBytes > _trailerLimit)
                    {
                        throw new BadHttpRequestException(431, "The trailer section is too large.");
                    }

                    ValidateTrailer(trailer);
                    break;

                default:
                    AdvanceInput(reader.Position);
                    if (_carryLength > 0)
                    {
                        result = CarryResult();
                        return true;
                    }

                    _finished = true;
                    _pending = false;
                    result = new ReadResult(default, false, true);
                    return true;
            }
        }
    }

    /// <summary>
    /// A second read before AdvanceTo would hand out the chunk framing already parsed as if it were data, so it is
    /// refused, as <see cref="Pipe"/> refuses it.
    /// </summary>
    private void ThrowIfReadPending()
    {
        if (_pending)
        {
            throw new InvalidOperationException("The previous read of the request body must be advanced with AdvanceTo before reading again.");
        }
    }

    /// <summary>Gets a value indicating whether carried data can be returned without reading: unexamined, or the body has ended.</summary>
    private bool CarryIsReady => _carryLength > 0 && (!_carryExamined || _state == ChunkState.Done);

    private ReadResult CarryResult()
    {
        _current = new ReadOnlySequence<byte>(_carry!, 0, _carryLength);
        _carrying = true;
        _pending = true;
        return new ReadResult(_current, false, _state == ChunkState.Done);
    }

    private bool ReturnCarry(ref SequenceReader<byte> reader, ReadOnlySequence<byte> buffer, out ReadResult result)
    {
        AdvanceInput(reader.Position, buffer.End);
        result = CarryResult();
        return true;
    }

    private void AppendCarry(ReadOnlySequence<byte> data)
    {
        var needed = _carryLength + data.Length;
        if (needed > Array.MaxLength)
        {
            throw new BadHttpRequestException(413, "The request body is larger than the limit.");
        }

        if (_carry is null || _carry.Length < needed)
        {
            var next = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(256, (_carry?.Length ?? 0) * 2L))));
            if (_carry is not null)
            {
                _carry.AsSpan(0, _carryLength).CopyTo(next);
                ArrayPool<byte>.Shared.Return(_carry);
            }

            _carry = next;
        }

        data.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength = (int)needed;
    }

    private void AdvanceCarry(SequencePosition consumed, SequencePosition examined)
    {
        _carrying = false;
        var used = (int)_current.Slice(_current.Start, consumed).Length;
        _carryExamined = _current.Slice(examined).IsEmpty;
        _carry!.AsSpan(used, _carryLength - used).CopyTo(_carry);
        _carryLength -= used;
        if (_carryLength == 0)
        {
            _carryExamined = false;
            _finished = _state == ChunkState.Done;
        }
    }

    private bool NeedMore(ReadResult underlying, ref SequenceReader<byte> reader, out ReadResult result)
    {
        if (_state is ChunkState.Size or ChunkState.Trailers && reader.Remaining > MaxChunkLineLength)
        {
            throw new BadHttpRequestException("Chunk header line is too long.");
        }

        AdvanceInput(reader.Position, underlying.Buffer.End);
        if (underlying.IsCompleted)
        {
            throw new BadHttpRequestException("Unexpected end of request content.");
        }

        result = default;
        return false;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out ReadOnlySequence<byte> sequence, (byte)'\n'))
        {
            line = default;
            return false;
        }

        if (sequence.Length > MaxChunkLineLength)
        {
            throw new BadHttpRequestException("Chunk header line is too long.");
        }

        var span = sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
        if (span.Length == 0 || span[^1] != (byte)'\r')
        {
            throw new BadHttpRequestException("Chunk line is not terminated by CRLF.");
        }

        line = span[..^1];
        return true;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        long size = 0;
        var i = 0;
        for (; i < line.Length; i++)
        {
            var digit = HexValue(line[i]);
            if (digit < 0)
            {
                break;
            }

            if (size > (long.MaxValue >> 4))
            {
                throw new BadHttpRequestException("Chunk size overflows.");
            }

            size = (size << 4) | (uint)digit;
        }

        if (i == 0)
        {
            throw new BadHttpRequestException("Invalid chunk size.");
        }

        if (i < line.Length)
        {
            if (line[i] != (byte)';')
            {
                throw new BadHttpRequestException("Invalid character in chunk size.");
            }

            ValidateExtensions(line[i..]);
        }

        return size;
    }

    /// <summary>Checks <c>*( ";" token [ "=" ( token / quoted-string ) ] )</c> strictly; values are ignored.</summary>
    private static void ValidateExtensions(ReadOnlySpan<byte> extensions)
    {
        var i = 0;
        while (i < extensions.Length)
        {
            if (extensions[i] != (byte)';')
            {
                throw new BadHttpRequestException("Invalid chunk extension.");
            }

            i++;
            var nameLength = extensions[i..].IndexOfAnyExcept(HeaderText.TokenChars);
            nameLength = nameLength < 0 ? extensions.Length - i : nameLength;
            if (nameLength == 0)
            {
                throw new BadHttpRequestException("Invalid chunk extension name.");
            }

            i += nameLength;
            if (i == extensions.Length || extensions[i] != (byte)'=')
            {
                continue;
            }

            i++;
            if (i < extensions.Length && extensions[i] == (byte)'"')
            {
                i++;
                var closed = false;
                while (i < extensions.Length)
                {
                    var b = extensions[i];
                    if (b == (byte)'"')
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    if (b == (byte)'\\')
                    {
                        i++;
                        if (i == extensions.Length || !HeaderText.FieldValueChars.Contains(extensions[i]))
                        {
                            break;
                        }
                    }
                    else if (!HeaderText.FieldValueChars.Contains(b))
                    {
                        break;
                    }

                    i++;
                }

                if (!closed)
                {
                    throw new BadHttpRequestException("Unbalanced quoted chunk extension value.");
                }
            }
            else
            {
                var valueLength = extensions[i..].IndexOfAnyExcept(HeaderText.TokenChars);
                valueLength = valueLength < 0 ? extensions.Length - i : valueLength;
                if (valueLength == 0)
                {
                    throw new BadHttpRequestException("Invalid chunk extension value.");
                }

                i += valueLength;
            }
        }
    }

    private static void ValidateTrailer(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].IndexOfAnyExcept(HeaderText.TokenChars) >= 0
            || line[(colon + 1)..].IndexOfAnyExcept(HeaderText.FieldValueChars) >= 0)
        {
            throw new BadHttpRequestException("Invalid trailer field.");
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
