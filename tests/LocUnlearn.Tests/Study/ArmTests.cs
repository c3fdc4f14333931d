using System.Text.Json;
using LocUnlearn.Study;

namespace LocUnlearn.Tests.Study;

public sealed class ArmTests
{
    [Theory]
    [InlineData("oracle", "Oracle")]
    [InlineData("random", "Random")]
    [InlineData("full", "All parameters")]
    [InlineData("loc-wagle", "WAGLE")]
    [InlineData("loc-memflex", "MemFlex")]
    [InlineData("loc-random", "Random localizer")]
    [InlineData("random_a", "Random A")]
    [InlineData("random_z", "Random Z")]
    [InlineData("random_aa", "Random AA")]
    [InlineData("my-region", "my-region")]
    public void IdsParseBackAndHaveDisplayNames(string id, string display)
    {
        var arm = Arm.Parse(id);
        Assert.Equal(id, arm.Id);
        Assert.Equal(display, arm.DisplayName);
        Assert.Equal(arm, Arm.Parse(arm.Id));
    }

    [Fact]
    public void ReconstructionRegionsAreLetteredWithoutACap()
    {
        var arms = Arm.ReconstructionArms(30);
        Assert.Equal(31, arms.Count);
        Assert.Equal(Arm.Oracle, arms[0]);
        Assert.Equal(["random_a", "random_b", "random_z", "random_aa", "random_ad"], new[] { 1, 2, 26, 27, 30 }.Select(i => arms[i].Id));
        Assert.Equal(arms.Count, arms.Select(a => a.Id).Distinct().Count());
        Assert.All(arms.Skip(1).Select((a, i) => (a, i)), x => Assert.Equal(x.i, Arm.Parse(x.a.Id).Index));
    }

    [Fact]
    public void ArmsCompareByValueAndAreTheirIdInJson()
    {
        Assert.Equal(Arm.Localized("wagle"), Arm.Parse("loc-wagle"));
        Assert.NotEqual(Arm.Random, Arm.ReconstructionRandom(0));
        Assert.Equal("\"loc-activations\"", JsonSerializer.Serialize(Arm.Localized("activations")));
        Assert.Equal(Arm.ReconstructionRandom(1), JsonSerializer.Deserialize<Arm>("\"random_b\""));
    }
}
