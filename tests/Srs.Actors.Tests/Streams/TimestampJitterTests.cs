using Srs.Actors.Streams;

namespace Srs.Actors.Tests.Streams;

public sealed class TimestampJitterTests
{
    [Fact]
    public void Full_starts_at_zero_and_keeps_small_deltas()
    {
        var j = new TimestampJitter(JitterMode.Full);
        Assert.Equal(0u, j.Correct(5000));
        Assert.Equal(40u, j.Correct(5040));
        Assert.Equal(30u, j.Correct(5030)); // audio/video interleaving stays as sent
        Assert.Equal(80u, j.Correct(5080));
    }

    [Fact]
    public void Full_turns_a_jump_into_one_small_step()
    {
        var j = new TimestampJitter(JitterMode.Full);
        j.Correct(1000);
        Assert.Equal(40u, j.Correct(1040));
        Assert.Equal(50u, j.Correct(900_000)); // a camera clock jump forward
        Assert.Equal(90u, j.Correct(900_040));
        Assert.Equal(100u, j.Correct(10));     // and back
    }

    [Fact]
    public void A_32_bit_wrap_is_a_normal_step()
    {
        var j = new TimestampJitter(JitterMode.Full);
        j.Correct(uint.MaxValue - 20);
        Assert.Equal(40u, j.Correct(19));
        var z = new TimestampJitter(JitterMode.Zero);
        Assert.Equal(0u, z.Correct(uint.MaxValue - 20));
        Assert.Equal(40u, z.Correct(19));
        var off = new TimestampJitter(JitterMode.Off);
        Assert.Equal(123u, off.Correct(123));
    }
}
