namespace BackEnd.Core.Tests.Fuzz;

/// <summary>Seeded byte/char mutations (replace, insert, delete, duplicate, truncate, splice) for the mutation-loop fuzz tests.</summary>
internal sealed class Mutator(int seed, string interesting)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string Mutate(string seed, string? splice = null)
    {
        var text = new System.Text.StringBuilder(seed);
        var mutations = 1 + _random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var position = text.Length == 0 ? 0 : _random.Next(text.Length);
            var value = _random.Next(3) == 0 ? (char)_random.Next(0x20, 0x7f) : interesting[_random.Next(interesting.Length)];
            switch (_random.Next(7))
            {
                case 0 when text.Length > 0:
                    text[position] = value;
                    break;
                case 1:
                    text.Insert(position, value);
                    break;
                case 2 when text.Length > 0:
                    text.Remove(position, 1);
                    break;
                case 3 when text.Length > 0:
                    var length = Math.Min(1 + _random.Next(24), text.Length - position);
                    text.Insert(position, text.ToString(position, length));
                    break;
                case 4 when text.Length > 0:
                    text.Length = position;
                    break;
                case 5 when splice is not null && splice.Length > 0:
                    var from = _random.Next(splice.Length);
                    text.Insert(position, splice.AsSpan(from, Math.Min(1 + _random.Next(16), splice.Length - from)));
                    break;
                default:
                    text.Insert(position, new string(value, 1 + _random.Next(_random.Next(2) == 0 ? 4 : 300)));
                    break;
            }
        }

        return text.ToString();
    }
}
