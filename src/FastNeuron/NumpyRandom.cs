namespace FastNeuron;

/// <summary>
/// The Mersenne Twister MT19937 seeded and sampled exactly like numpy's legacy
/// <c>numpy.random.seed(s)</c> / <c>numpy.random.random()</c>, so that FastNeuron's initial
/// weights are the ones numpy draws for the same seed, to the last bit.
/// </summary>
/// <remarks>
/// Seeding is <c>init_genrand(s)</c>: <c>mt[0] = s</c>, then
/// <c>mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] &gt;&gt; 30)) + i</c> in uint32 arithmetic.
/// <see cref="NextDouble"/> is numpy's <c>random_sample</c>: 53 random bits from two consecutive
/// outputs <c>a</c>, <c>b</c> as <c>((a &gt;&gt; 5) * 67108864.0 + (b &gt;&gt; 6)) / 9007199254740992.0</c>.
/// Not thread-safe; create one per thread.
/// </remarks>
public sealed class NumpyRandom
{
    private const int StateLength = 624;
    private const int ShiftOffset = 397;
    private readonly uint[] _state = new uint[StateLength];
    private int _index;

    /// <summary>Seeds the generator like <c>numpy.random.seed(seed)</c>.</summary>
    public NumpyRandom(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < StateLength; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked(1812433253u * (previous ^ (previous >> 30)) + (uint)i);
        }
        _index = StateLength;
    }

    /// <summary>The next tempered 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_index >= StateLength)
        {
            Twist();
        }
        uint y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits, bit-identical to numpy's <c>random_sample</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> like numpy's <c>2 * random.random(n) - 1</c>: uniform in [-1, 1).
    /// </summary>
    public void FillSymmetric(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = 2 * NextDouble() - 1;
        }
    }

    private void Twist()
    {
        uint[] mt = _state;
        for (int i = 0; i < StateLength; i++)
        {
            uint y = (mt[i] & 0x80000000u) | (mt[(i + 1) % StateLength] & 0x7FFFFFFFu);
            uint next = mt[(i + ShiftOffset) % StateLength] ^ (y >> 1);
            mt[i] = (y & 1) != 0 ? next ^ 0x9908B0DFu : next;
        }
        _index = 0;
    }
}
