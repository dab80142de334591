using Kairos.Host.Hosting;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using LiteDB;

namespace Kairos.Tests.Text;

/// <summary>
/// Each state enum against the words it had as string constants: the words are stored (BSON, SQL) and printed (JSON),
/// so they may never change. Each list below is the one the code had before the enums.
/// </summary>
public sealed class KebabCaseTests
{
    [Fact]
    public void RunStatus_HasExactlyTheStoredWords() => AssertWords<RunStatus>(
        "pending", "running", "succeeded", "failed", "retrying", "timed-out", "cancelled", "interrupted", "skipped", "misfired", "waiting-for-handler");

    [Fact]
    public void TriggerOrigin_HasExactlyTheStoredWords() => AssertWords<TriggerOrigin>("declared", "dynamic");

    [Fact]
    public void JobState_HasExactlyThePrintedWords() => AssertWords<JobState>("active", "paused", "broken", "orphaned", "stopped", "disabled");

    [Fact]
    public void ScriptState_HasExactlyThePrintedWords() => AssertWords<ScriptState>("healthy", "broken", "library");

    [Fact]
    public void NodeState_HasExactlyThePrintedWords() => AssertWords<NodeState>("alive", "dead", "stopped");

    [Fact]
    public void StoreKind_HasExactlyTheSettingWords() => AssertWords<StoreKind>("litedb", "postgres");

    [Theory]
    [InlineData("litedb", false)]
    [InlineData("LiteDB", false)]
    [InlineData("postgres", true)]
    [InlineData("Postgres", true)]
    public void StoreSetting_IsReadInAnyCase_AsItAlwaysWas(string setting, bool postgres)
    {
        var options = new KairosOptions { Store = setting };

        Assert.Equal(postgres ? StoreKind.Postgres : StoreKind.LiteDb, options.StoreKind);
        Assert.Equal(postgres, options.UsesPostgres);
    }

    [Theory]
    [InlineData("lite-db")]
    [InlineData("LiteDb ")]
    [InlineData("0")]
    [InlineData("mysql")]
    public void StoreSetting_RefusesAnyOtherWord_WithTheValidatorsMessage(string setting)
    {
        var result = new KairosOptionsValidator().Validate(null, new KairosOptions { Store = setting });

        Assert.Contains($"Kairos:Store is '{setting}': expected 'litedb' (one host) or 'postgres' (a cluster)", result.Failures!);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("timed_out")]
    [InlineData("0")]
    [InlineData("")]
    public void Parse_RefusesAnythingButAWord_QuotingIt(string text)
    {
        var error = Assert.Throws<FormatException>(() => KebabCase.Parse<RunStatus>(text));

        Assert.StartsWith($"'{text}' is not a RunStatus: expected one of pending, running,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunRecord_StoresItsStatusAsTheWord_InBson()
    {
        var mapper = KairosBsonMapper.Create();
        var run = new RunRecord
        {
            Id = "r", JobId = "j", TriggerKey = "k", ConcurrencyKey = "j",
            ScheduledUtc = DateTimeOffset.UnixEpoch, NotBeforeUtc = DateTimeOffset.UnixEpoch, Status = RunStatus.WaitingForHandler,
        };

        var document = mapper.ToDocument(run);

        Assert.Equal("waiting-for-handler", document["Status"].AsString);
        Assert.Equal(RunStatus.WaitingForHandler, mapper.ToObject<RunRecord>(document).Status);
    }

    [Fact]
    public void StoredTrigger_StoresItsOriginAsTheWord_InBson()
    {
        var mapper = KairosBsonMapper.Create();
        var trigger = new StoredTrigger { Id = "j/k", JobId = "j", Spec = TriggerSpec.Interval("k", TimeSpan.FromMinutes(1)), Origin = TriggerOrigin.Dynamic };

        var document = mapper.ToDocument(trigger);

        Assert.Equal("dynamic", document["Origin"].AsString);
        Assert.Equal(TriggerOrigin.Dynamic, mapper.ToObject<StoredTrigger>(document).Origin);
    }

    private static void AssertWords<TEnum>(params string[] words) where TEnum : struct, Enum
    {
        Assert.Equal(words, KebabCase.Words<TEnum>());
        Assert.Equal(Enum.GetValues<TEnum>().Length, words.Length);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var word = value.Word();
            Assert.True(KebabCase.TryParse<TEnum>(word, out var back), $"'{word}' does not read back");
            Assert.Equal(value, back);
            // The JSON of the CLI and the control API spells it the same, and reads it back.
            Assert.Equal($"\"{word}\"", JsonOutput.Serialize(value).Trim());
            Assert.Equal(value, JsonOutput.Deserialize<TEnum>($"\"{word}\""));
            // So does BSON.
            var bson = KairosBsonMapper.Create();
            if (typeof(TEnum) == typeof(RunStatus) || typeof(TEnum) == typeof(TriggerOrigin))
            {
                Assert.Equal(new BsonValue(word), bson.Serialize(value));
                Assert.Equal(value, bson.Deserialize<TEnum>(new BsonValue(word)));
            }
        }
    }
}
