using System.Text.Json.Nodes;

namespace RoutingCore.Tests.State;

/// <summary>
/// Writes a document of format version 2 as format version 1 wrote the same state (docs/state-format.md, "Format version
/// 1"): past offers one object per agent, the consumer history one object per consumer, the closed conversations one
/// object each. For the tests that format version 1 is still read.
/// </summary>
internal static class StateVersion1
{
    public static JsonObject From(string document)
    {
        JsonObject root = JsonNode.Parse(document)!.AsObject();
        root["formatVersion"] = 1;
        string[] roster = [.. root["agents"]!.AsArray().Select(a => (string)a!["profile"]!["id"]!)];
        foreach (JsonNode? conversation in root["conversations"]!.AsArray())
        {
            if (conversation!.AsObject()["past"] is not JsonObject past)
            {
                continue;
            }

            var entries = new JsonArray();
            Add(entries, past["withdrawn"], "OfferWithdrawn", p => roster[(int)p!], removed: false);
            Add(entries, past["declined"], "AlreadyDeclined", p => roster[(int)p!], removed: false);
            Add(entries, past["withdrawnOffRoster"], "OfferWithdrawn", p => (string)p!, removed: true);
            Add(entries, past["declinedOffRoster"], "AlreadyDeclined", p => (string)p!, removed: true);
            Replace(conversation.AsObject(), "past", "pastOffers", entries);
        }

        JsonObject history = root["history"]!.AsObject();
        JsonArray agents = history["agents"]!.AsArray();
        int[] counts = [.. history["counts"]!.AsArray().Select(c => (int)c!)];
        int[] served = [.. history["served"]!.AsArray().Select(p => (int)p!)];
        var consumers = new JsonArray();
        int next = 0;
        foreach ((JsonNode? consumer, int count) in history["consumers"]!.AsArray().Zip(counts))
        {
            consumers.Add(new JsonObject
            {
                ["consumer"] = (string)consumer!,
                ["agents"] = new JsonArray([.. served[next..(next + count)].Select(k => (JsonNode)JsonValue.Create((string)agents[k]!))]),
            });
            next += count;
        }

        Replace(root, "history", "consumerHistory", consumers);
        if (root["closed"] is JsonObject closed)
        {
            JsonArray requests = closed["requests"]!.AsArray();
            var conversations = new JsonArray();
            for (int i = 0; i < requests.Count; i++)
            {
                var entry = new JsonObject { ["request"] = requests[i]!.DeepClone() };
                CopyIfSet(entry, "skill", closed["skills"]![i]);
                entry["slaDue"] = closed["slaDue"]![i]!.DeepClone();
                CopyIfSet(entry, "excluded", closed["excluded"]![i]);
                CopyIfSet(entry, "group", closed["groups"]![i]);
                conversations.Add(entry);
            }

            Replace(root, "closed", "recentlyClosed", new JsonObject { ["order"] = closed["order"]!.DeepClone(), ["conversations"] = conversations });
        }

        return root;
    }

    private static void Add(JsonArray entries, JsonNode? list, string code, Func<JsonNode?, string> agent, bool removed)
    {
        foreach (JsonNode? item in list?.AsArray() ?? [])
        {
            var entry = new JsonObject { ["agent"] = agent(item) };
            if (removed)
            {
                entry["removed"] = true;
            }

            entry["code"] = code;
            entries.Add(entry);
        }
    }

    private static void CopyIfSet(JsonObject entry, string name, JsonNode? value)
    {
        if (value is not null)
        {
            entry[name] = value.DeepClone();
        }
    }

    /// <summary>Puts <paramref name="value"/> under <paramref name="name"/> where <paramref name="old"/> stood (property order kept).</summary>
    private static void Replace(JsonObject target, string old, string name, JsonNode value)
    {
        var properties = target.ToList();
        target.Clear();
        foreach ((string key, JsonNode? node) in properties)
        {
            target[key == old ? name : key] = key == old ? value : node;
        }
    }
}
