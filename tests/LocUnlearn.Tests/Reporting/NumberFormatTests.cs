using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering;

namespace LocUnlearn.Tests.Reporting;

public class NumberFormatTests
{
    [Theory]
    [InlineData(0.59312, 3, "0.593")]
    [InlineData(-10.333, 3, "-10.3")]
    [InlineData(0.000123456, 3, "0.000123")]
    [InlineData(0.5, 3, "0.500")]
    [InlineData(0.9996, 3, "1.00")]
    [InlineData(12345.6, 3, "12346")]
    [InlineData(-13.6, 4, "-13.60")]
    [InlineData(0.0, 3, "0")]
    [InlineData(double.NaN, 3, "n/a")]
    [InlineData(-4.4409e-12, 3, "-4.44e-12")] // log10 FQ of a model all but equal to θr
    [InlineData(2.5e17, 2, "2.5e+17")]
    public void Significant(double value, int digits, string expected)
    {
        Assert.Equal(expected, NumberFormat.Significant(value, digits));
    }

    [Fact]
    public void MeanStdRoundsMeanToTheStdsPrecision()
    {
        // mean 0.595, sample std sqrt(0.0005 / 3) = 0.01291
        Assert.Equal("0.595 ± 0.013", NumberFormat.MeanStd([0.58, 0.59, 0.60, 0.61]));
    }

    [Theory]
    [InlineData(-10.333, 1.234, "-10.3 ± 1.2")]
    [InlineData(0.59312, 0.0096, "0.5931 ± 0.0096")]
    [InlineData(0.5, 0.0996, "0.50 ± 0.10")]
    [InlineData(-0.0001, 0.01, "0.000 ± 0.010")]
    [InlineData(0.5, 0.0, "0.500 ± 0")]
    public void MeanStdFromMoments(double mean, double std, string expected)
    {
        Assert.Equal(expected, NumberFormat.MeanStd(mean, std));
    }

    [Fact]
    public void MeanStdOfOneValueIsJustTheMean()
    {
        Assert.Equal("0.500", NumberFormat.MeanStd([0.5]));
        Assert.Throws<ArgumentException>(() => NumberFormat.MeanStd(Array.Empty<double>()));
    }

    [Theory]
    [InlineData(0.031, "0.031")]
    [InlineData(0.61, "0.61")]
    [InlineData(0.1, "0.10")]
    [InlineData(0.0004, "<0.001")]
    [InlineData(0.001, "0.001")]
    [InlineData(1.0, "1.00")]
    [InlineData(double.NaN, "n/a")]
    public void PValue(double p, string expected)
    {
        Assert.Equal(expected, NumberFormat.PValue(p));
    }

    [Fact]
    public void PValueOutsideUnitIntervalIsAnError()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberFormat.PValue(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NumberFormat.PValue(-0.1));
    }
}
