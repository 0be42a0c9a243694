using System.Text;
using System.Text.Json;
using RoutingCore.State;

namespace RoutingCore.Engine;

/// <summary>
/// Refuses a state document in which an object names a property twice. JSON readers disagree on which of two values wins
/// (System.Text.Json keeps the last), so a document with <c>"state": "Online", ..., "state": "Away"</c> says two things at
/// once; the engine writes each property once.
/// </summary>
internal static class StateDuplicates
{
    /// <summary>
    /// Scans a document that parsed as valid JSON; throws <see cref="RoutingStateException"/> at the first repeated property.
    /// Names are compared as the document's bytes (a name written with escapes is compared unescaped), and the frames of the
    /// open objects and arrays are reused: the scan allocates nothing per property or per object.
    /// </summary>
    public static void Check(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        var frames = new List<Frame>();
        int depth = 0;
        bool pendingName = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Step(frames, depth, pendingName);
                    pendingName = false;
                    if (depth == frames.Count)
                    {
                        frames.Add(new Frame());
                    }

                    frames[depth++].Open(reader.TokenType == JsonTokenType.StartObject);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    Frame frame = frames[depth - 1];
                    bool repeated = frame.Contains(bytes, ref reader);
                    frame.Add(bytes, ref reader);
                    if (repeated)
                    {
                        throw new RoutingStateException(PathOf(frames, depth, bytes), $"the property \"{reader.GetString()}\" appears twice in one object; each property is written once (a reader could take either value).");
                    }

                    pendingName = true;
                    break;
                default:
                    Step(frames, depth, pendingName);
                    pendingName = false;
                    break;
            }
        }
    }

    /// <summary>A value begins: inside an array it is the next item.</summary>
    private static void Step(List<Frame> frames, int depth, bool afterName)
    {
        if (depth > 0 && !afterName && !frames[depth - 1].IsObject)
        {
            frames[depth - 1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames, int depth, byte[] bytes)
    {
        var path = new StringBuilder("$");
        for (int f = 0; f < depth; f++)
        {
            Frame frame = frames[f];
            if (!frame.IsObject)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.CurrentName(bytes) is { } name)
            {
                if (IsPlain(name))
                {
                    path.Append('.').Append(name);
                }
                else
                {
                    path.Append("['").Append(name.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
                }
            }
        }

        return path.ToString();
    }

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An open object (the names met so far, as places in the document, and the current one) or array (the current item's
    /// index); reused for the next object or array at its depth.
    /// </summary>
    private sealed class Frame
    {
        /// <summary>Up to this many names a lookup compares them one by one; beyond, they are hashed (an object of many attributes).</summary>
        private const int ScanLimit = 16;

        private readonly List<(int Start, int Length, string? Unescaped)> _names = [];
        private HashSet<string>? _hashed;

        public bool IsObject { get; private set; }

        public int Index { get; set; }

        public void Open(bool isObject)
        {
            IsObject = isObject;
            Index = -1;
            _names.Clear();
            _hashed?.Clear();
        }

        /// <summary>Whether the object already has the property the reader is on.</summary>
        public bool Contains(byte[] bytes, ref Utf8JsonReader reader)
        {
            if (_names.Count > ScanLimit)
            {
                return _hashed!.Contains(reader.GetString()!);
            }

            foreach ((int start, int length, string? unescaped) in _names)
            {
                bool same = unescaped is not null || reader.ValueIsEscaped
                    ? reader.ValueTextEquals(unescaped ?? Encoding.UTF8.GetString(bytes, start, length))
                    : reader.ValueSpan.SequenceEqual(bytes.AsSpan(start, length));
                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Notes the property the reader is on as the current one (its place in the document; its text if escaped).</summary>
        public void Add(byte[] bytes, ref Utf8JsonReader reader)
        {
            _names.Add(reader.ValueIsEscaped ? (0, 0, reader.GetString()) : ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null));
            if (_names.Count == ScanLimit + 1)
            {
                _hashed ??= new HashSet<string>(StringComparer.Ordinal);
                foreach ((int start, int length, string? unescaped) in _names)
                {
                    _hashed.Add(unescaped ?? Encoding.UTF8.GetString(bytes, start, length));
                }
            }
            else if (_names.Count > ScanLimit + 1)
            {
                _hashed!.Add(reader.GetString()!);
            }
        }

        /// <summary>The current property's name (null before the first).</summary>
        public string? CurrentName(byte[] bytes) =>
            _names.Count == 0 ? null : _names[^1].Unescaped ?? Encoding.UTF8.GetString(bytes, _names[^1].Start, _names[^1].Length);
    }
}
