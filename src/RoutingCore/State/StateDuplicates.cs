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
    /// <summary>Scans a document that parsed as valid JSON; throws <see cref="RoutingStateException"/> at the first repeated property.</summary>
    public static void Check(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        var frames = new List<Frame>();
        string? pendingName = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Step(frames, pendingName);
                    pendingName = null;
                    frames.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    string name = reader.GetString()!;
                    Frame frame = frames[^1];
                    if (!frame.Names!.Add(name))
                    {
                        frame.Current = name;
                        throw new RoutingStateException(PathOf(frames), $"the property \"{name}\" appears twice in one object; each property is written once (a reader could take either value).");
                    }

                    frame.Current = name;
                    pendingName = name;
                    break;
                default:
                    Step(frames, pendingName);
                    pendingName = null;
                    break;
            }
        }
    }

    /// <summary>A value begins: inside an array it is the next item.</summary>
    private static void Step(List<Frame> frames, string? propertyName)
    {
        if (frames.Count > 0 && propertyName is null && frames[^1].Names is null)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (Frame frame in frames)
        {
            if (frame.Names is null)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Current is { } name)
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

    /// <summary>An open object (the names met so far and the current one) or array (the current item's index).</summary>
    private sealed class Frame(bool isObject)
    {
        public HashSet<string>? Names { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;

        public string? Current { get; set; }

        public int Index { get; set; } = -1;
    }
}
