using System.Numerics;
using System.Runtime.InteropServices;

namespace RoutingCore.Strategies;

/// <summary>
/// The score components the built-in strategies share, each 0..1: per candidate (for explanations) and over whole columns
/// in vectorized loops (for plans). Both compute each score with the same operations in the same order, so they agree
/// bit for bit; a strategy combines components by writing the first into the scores and adding the others.
/// </summary>
internal static class ScoreFormulas
{
    internal const string LoadComponent = "load";
    internal const string IdleComponent = "idle";
    internal const string TagsComponent = "tags";
    internal const string AffinityComponent = "affinity";

    /// <summary>Skill match: the share of optional tags held, times the proficiency in the skill.</summary>
    internal static double Tags(in ScoringColumns candidates, int i) => candidates.TagMatch[i] * candidates.Proficiency[i];

    /// <summary>
    /// Idle time relative to the longest-idle candidate (1 when every candidate is equally idle): the idle ticks times the
    /// reciprocal of the longest (a multiplication where a division would cost as much as the rest of the score), and
    /// exactly 1 for the longest.
    /// </summary>
    internal static double Idle(in ScoringContext context, in ScoringColumns candidates, int i)
    {
        long max = context.MaxIdleTime.Ticks;
        double idle = candidates.IdleTicks[i];
        return max <= 0 ? 1.0 : Share.Of(idle, max, 1.0 / max);
    }

    /// <summary>Free capacity: one minus utilization.</summary>
    internal static double Load(in ScoringColumns candidates, int i) => 1.0 - candidates.Utilization[i];

    /// <summary>Consumer affinity: 1 when the agent served this consumer before.</summary>
    internal static double Affinity(in ScoringColumns candidates, int i) => candidates.Affinity[i];

    /// <summary>scores = tags × proficiency.</summary>
    internal static void WriteTags(ReadOnlySpan<double> tagMatch, ReadOnlySpan<double> proficiency, Span<double> scores) =>
        Combine<Product>(tagMatch, proficiency, scores, weight: 1, add: false);

    /// <summary>scores += weight × tags × proficiency.</summary>
    internal static void AddTags(ReadOnlySpan<double> tagMatch, ReadOnlySpan<double> proficiency, double weight, Span<double> scores) =>
        Combine<Product>(tagMatch, proficiency, scores, weight, add: true);

    /// <summary>scores = 1 − utilization.</summary>
    internal static void WriteLoad(ReadOnlySpan<double> utilization, Span<double> scores) =>
        Combine<Complement>(utilization, utilization, scores, weight: 1, add: false);

    /// <summary>scores += weight × (1 − utilization).</summary>
    internal static void AddLoad(ReadOnlySpan<double> utilization, double weight, Span<double> scores) =>
        Combine<Complement>(utilization, utilization, scores, weight, add: true);

    /// <summary>scores += weight × affinity.</summary>
    internal static void AddAffinity(ReadOnlySpan<double> affinity, double weight, Span<double> scores) =>
        Combine<Identity>(affinity, affinity, scores, weight, add: true);

    /// <summary>scores = idle ticks / the longest (1 when that is 0).</summary>
    internal static void WriteIdle(in ScoringContext context, in ScoringColumns candidates, Span<double> scores) =>
        Idle(context, candidates, scores, weight: 1, add: false);

    /// <summary>scores += weight × idle ticks / the longest (weight × 1 when that is 0).</summary>
    internal static void AddIdle(in ScoringContext context, in ScoringColumns candidates, double weight, Span<double> scores) =>
        Idle(context, candidates, scores, weight, add: true);

    /// <summary>scores ×= factor.</summary>
    internal static void Scale(Span<double> scores, double factor) =>
        Combine<Scaled>(scores, new ReadOnlySpan<double>(in factor), scores, weight: 1, add: false); // the factor is b[0]

    private static void Idle(in ScoringContext context, in ScoringColumns candidates, Span<double> scores, double weight, bool add)
    {
        long max = context.MaxIdleTime.Ticks;
        if (max > 0)
        {
            Span<double> longest = [max, 1.0 / max]; // the share reads the longest and its reciprocal from b
            Combine<Share>(candidates.IdleTicks, longest, scores, weight, add);
        }
        else
        {
            Combine<One>(scores, scores, scores, weight, add);
        }
    }

    /// <summary>
    /// scores[i] = add ? scores[i] + weight × c : c, with c = <typeparamref name="TOp"/>(a[i], b[i], weight): one vectorized
    /// loop per operation (the JIT compiles each struct operation into its own loop).
    /// </summary>
    private static void Combine<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> scores, double weight, bool add)
        where TOp : struct, IOperation
    {
        int n = scores.Length;
        if (a.Length < n || (TOp.ReadsB && b.Length < n))
        {
            throw new ArgumentException($"A scoring column holds {a.Length} values for {n} scores.", nameof(a));
        }

        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rs = ref MemoryMarshal.GetReference(scores);
        double first = b.IsEmpty ? 0 : b[0];
        double second = b.Length < 2 ? 0 : b[1];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<double>(weight);
            var f = new Vector<double>(first);
            var g = new Vector<double>(second);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                Vector<double> x = Vector.LoadUnsafe(ref ra, (nuint)i);
                Vector<double> y = TOp.ReadsB ? Vector.LoadUnsafe(ref rb, (nuint)i) : f;
                Vector<double> c = TOp.Of(x, y, TOp.ReadsB ? w : g);
                (add ? Vector.LoadUnsafe(ref rs, (nuint)i) + (w * c) : c).StoreUnsafe(ref rs, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double c = TOp.Of(a[i], TOp.ReadsB ? b[i] : first, TOp.ReadsB ? weight : second);
            scores[i] = add ? scores[i] + (weight * c) : c;
        }
    }

    private interface IOperation
    {
        /// <summary>
        /// Whether the operation reads b per element (otherwise b[0], if any, is a constant, and the operation's third
        /// argument is b[1] instead of the weight).
        /// </summary>
        static abstract bool ReadsB { get; }

        static abstract double Of(double a, double b, double weight);

        static abstract Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> weight);
    }

    private readonly struct Product : IOperation
    {
        public static bool ReadsB => true;

        public static double Of(double a, double b, double weight) => a * b;

        public static Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> weight) => a * b;
    }

    private readonly struct Complement : IOperation
    {
        public static bool ReadsB => false;

        public static double Of(double a, double b, double weight) => 1.0 - a;

        public static Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> weight) => Vector<double>.One - a;
    }

    private readonly struct Identity : IOperation
    {
        public static bool ReadsB => false;

        public static double Of(double a, double b, double weight) => a;

        public static Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> weight) => a;
    }

    /// <summary>a as a share of the longest b: a × the reciprocal r, and exactly 1 when a is b.</summary>
    private readonly struct Share : IOperation
    {
        public static bool ReadsB => false;

        public static double Of(double a, double b, double r) => a == b ? 1.0 : a * r;

        public static Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> r) =>
            Vector.ConditionalSelect(Vector.Equals(a, b), Vector<double>.One, a * r);
    }

    private readonly struct One : IOperation
    {
        public static bool ReadsB => false;

        public static double Of(double a, double b, double weight) => 1.0;

        public static Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> weight) => Vector<double>.One;
    }

    private readonly struct Scaled : IOperation
    {
        public static bool ReadsB => false;

        public static double Of(double a, double b, double weight) => a * b;

        public static Vector<double> Of(Vector<double> a, Vector<double> b, Vector<double> weight) => a * b;
    }
}
