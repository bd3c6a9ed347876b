using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

public sealed class LowerHexTests
{
    [Fact]
    public void Every_byte_value_and_length_reads_as_the_runtime_writes_it()
    {
        var random = new Random(20261203);
        for (var length = 0; length <= 200; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(Convert.ToHexStringLower(bytes), LowerHex.ToString(bytes));
        }

        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(Convert.ToHexStringLower(all), LowerHex.ToString(all));
    }

    [Fact]
    public void Write_fills_the_start_of_the_span_and_refuses_one_too_short()
    {
        var hex = new char[10];
        Array.Fill(hex, '.');
        LowerHex.Write([0x0f, 0xa0, 0xff], hex);

        Assert.Equal("0fa0ff....", new string(hex));
        Assert.Throws<ArgumentOutOfRangeException>(() => LowerHex.Write([1, 2, 3], new char[5]));
    }
}
