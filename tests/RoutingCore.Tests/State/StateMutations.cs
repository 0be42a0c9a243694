using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoutingCore.Tests.State;

/// <summary>
/// Random damage to a state document: byte flips, truncations, absurd numbers and dates, properties written twice, derived
/// values that contradict the rest (loads, reservations, costs, counters, split counts), other enum names, removed items.
/// </summary>
internal static class StateMutations
{
    public static readonly string[] Kinds = ["byte", "truncate", "number", "date", "duplicate", "derived", "enum", "remove"];

    /// <summary>
    /// Numbers to put where the document had another: small ones, large but possible ones (up to 10^14) and impossible ones
    /// (negative, beyond the reader's bound of 10^15 for counts, beyond a long). Not the bound itself: a document exactly at
    /// 10^15 restores, and an engine counting on past it writes a document the reader refuses — the limit of any bound,
    /// out of reach of an engine's own counting (docs/state-format.md).
    /// </summary>
    private static readonly double[] AbsurdNumbers =
        [-1, 0, 1, 2, 0.5, 3, 1e6, 1e9, 1e14, 1e15 + 1, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 1e300, 123456789];

    private static readonly string[] DerivedFields =
        ["load", "reserved", "nextLoadChangeAt", "cost", "turns", "taken", "primary", "cascaded", "version", "declines", "timeouts",
         "consecutiveIgnored", "nextAgentOrder", "nextConversationSequence", "nextToken", "nextTimerSequence", "order", "sequence", "token", "step"];

    private static readonly Dictionary<string, string[]> EnumNames = new()
    {
        ["state"] = ["Online", "Paused", "Away", "BackSoon", "Offline", "Offered", "Assigned", "Waiting", "Dormant", "Closed", "Sleeping"],
        ["code"] = ["AlreadyDeclined", "OfferWithdrawn", "NotOffered", "NoCapacity"],
        ["kind"] = ["Step", "Retry", "MaxWait", "AutoClose", "Absence", "LoadChange"],
        ["reason"] = ["Declined", "AtCapacity", "OtherGroup", "WrongMedia", "MissingTag", "Offline"],
    };

    /// <summary>Applies one mutation of the given kind (the same document may come back when the kind finds nothing to change).</summary>
    public static byte[] Apply(string document, string kind, Random random)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(document);
        switch (kind)
        {
            case "byte":
                byte[] flipped = [.. bytes];
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)"0123456789\"{}[],:-.aZ "[random.Next(22)];
                }

                return flipped;
            case "truncate":
                return bytes[..random.Next(bytes.Length)];
            case "duplicate":
                return Duplicate(JsonNode.Parse(document)!, random);
        }

        JsonNode root = JsonNode.Parse(document)!;
        List<JsonNode> values = [.. Values(root)];
        Func<JsonNode, bool> wanted = kind switch
        {
            "number" => v => v.GetValueKind() == JsonValueKind.Number,
            "date" => v => v.GetValueKind() == JsonValueKind.String && IsTime((string)v!),
            "derived" => v => NameOf(v) is { } name && DerivedFields.Contains(name),
            "enum" => v => v.GetValueKind() == JsonValueKind.String && NameOf(v) is { } name && EnumNames.ContainsKey(name),
            _ => v => true,
        };
        List<JsonNode> candidates = kind == "remove" ? [.. Nodes(root).Where(n => n.Parent is not null)] : [.. values.Where(wanted)];
        if (candidates.Count == 0)
        {
            return bytes;
        }

        JsonNode target = candidates[random.Next(candidates.Count)];
        switch (kind)
        {
            case "number":
            case "derived":
                target.ReplaceWith(JsonValue.Create(AbsurdNumbers[random.Next(AbsurdNumbers.Length)]));
                break;
            case "date":
                target.ReplaceWith(JsonValue.Create(AbsurdTime(DateTimeOffset.Parse((string)target!, CultureInfo.InvariantCulture), DateTimeOffset.Parse((string)root["savedAt"]!, CultureInfo.InvariantCulture), random)));
                break;
            case "enum":
                string[] names = EnumNames[NameOf(target)!];
                target.ReplaceWith(JsonValue.Create(names[random.Next(names.Length)]));
                break;
            case "remove":
                if (target.Parent is JsonObject parent)
                {
                    parent.Remove(target.GetPropertyName());
                }
                else
                {
                    target.Parent!.AsArray().RemoveAt(target.GetElementIndex());
                }

                break;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static string AbsurdTime(DateTimeOffset value, DateTimeOffset savedAt, Random random) => (random.Next(9) switch
    {
        0 => DateTimeOffset.MinValue,
        1 => new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero),
        2 => new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero),
        3 => savedAt.AddTicks(1),
        4 => savedAt.AddDays(1),
        5 => savedAt.AddDays(3650),
        6 => savedAt.AddDays(3651),
        7 => value.AddSeconds(-30),
        _ => value.AddSeconds(30),
    }).ToString("O", CultureInfo.InvariantCulture);

    private static bool IsTime(string text) =>
        text.Length >= 19 && char.IsDigit(text[0]) && text[4] == '-' && text.Contains('T', StringComparison.Ordinal)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string? NameOf(JsonNode node) => node.Parent is JsonObject ? node.GetPropertyName() : node.Parent?.Parent is JsonObject ? node.Parent.GetPropertyName() : null;

    private static IEnumerable<JsonNode> Nodes(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (JsonNode? child in children)
        {
            if (child is not null)
            {
                foreach (JsonNode descendant in Nodes(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    private static IEnumerable<JsonNode> Values(JsonNode root) => Nodes(root).Where(n => n is JsonValue);

    /// <summary>Writes the document with one property of one object written twice, the second time with the same or another value.</summary>
    private static byte[] Duplicate(JsonNode root, Random random)
    {
        List<JsonObject> objects = [.. Nodes(root).OfType<JsonObject>().Where(o => o.Count > 0)];
        JsonObject chosen = objects[random.Next(objects.Count)];
        string name = chosen.ElementAt(random.Next(chosen.Count)).Key;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, root, chosen, name, random);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node, JsonObject chosen, string name, Random random)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach ((string key, JsonNode? value) in o)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value, chosen, name, random);
                    if (ReferenceEquals(o, chosen) && key == name)
                    {
                        writer.WritePropertyName(key);
                        JsonNode? other = random.Next(2) == 0 || value is not JsonValue ? value?.DeepClone() : Other(value);
                        Write(writer, other, chosen, name, random);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (JsonNode? item in a)
                {
                    Write(writer, item, chosen, name, random);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static JsonNode Other(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => JsonValue.Create(0),
        JsonValueKind.String when NameOf(value) is { } field && EnumNames.TryGetValue(field, out string[]? names) => JsonValue.Create(names[0] == (string)value! ? names[1] : names[0]),
        JsonValueKind.String => JsonValue.Create((string)value! + "x"),
        JsonValueKind.True => JsonValue.Create(false),
        _ => JsonValue.Create(true),
    };
}
