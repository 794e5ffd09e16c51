using System.Text.Json;
using Dex.Core.Requests;
using Dex.Core.Workflows;
using Microsoft.DurableTask.Converters;

namespace Dex.Tests.Actions;

/// <summary>Typed values travel as today's strings: on the wire (System.Text.Json) and in durable history (the durable data converter).</summary>
public sealed class WireEnums_Serialization
{
    [Theory]
    [InlineData(GroupKind.Group, "group")]
    [InlineData(GroupKind.Security, "security")]
    [InlineData(GroupKind.M365, "m365")]
    [InlineData(GroupKind.App, "app")]
    public void WritesTodaysStringGivenGroupKind(GroupKind kind, string wire)
    {
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(kind));
        Assert.Equal(kind, JsonSerializer.Deserialize<GroupKind>($"\"{wire}\""));
        Assert.Equal(wire, Wire.Name(kind));
    }

    [Theory]
    [InlineData(StepStatus.Succeeded, "succeeded")]
    [InlineData(StepStatus.Failed, "failed")]
    [InlineData(StepStatus.Skipped, "skipped")]
    public void RoundTripsThroughDurableHistoryGivenStepOutcome(StepStatus status, string wire)
    {
        var converter = JsonDataConverter.Default;
        var json = converter.Serialize(new StepOutcome(2, status, "done"));

        Assert.Contains($"\"{wire}\"", json, StringComparison.Ordinal);
        Assert.Equal(status, converter.Deserialize<StepOutcome>(json)!.Status);
    }

    [Fact]
    public void KeepsTypedFlagsGivenGroupRefThroughDurableHistory()
    {
        var converter = JsonDataConverter.Default;
        var step = new PlannedStep { Index = 0, Action = DexActions.GrantAccess, Summary = "s", Group = new GroupRef("g1", "IT Security", GroupKind.Security) { Protected = true, RoleAssignable = true } };

        var back = converter.Deserialize<PlannedStep>(converter.Serialize(step))!;

        Assert.Equal(step.Group, back.Group);
        Assert.Contains("\"security\"", converter.Serialize(step), StringComparison.Ordinal);
    }
}
