using Kairos.Host.Scripts.Header;

namespace Kairos.Tests.Scripts.Header;

public sealed class ScriptHeaderParserTests
{
    [Fact]
    public void Parse_ReadsEveryKey_WhenHeaderIsComplete()
    {
        const string text = """
            #!/usr/bin/env dotnet-script
            // Compresses old logs.
            // kairos: id = logs.compress
            // kairos: description = Gzips log files older than a week
            // kairos: timeout = 5m
            // kairos: overlap = queue
            // kairos: concurrency-scope = trigger
            // kairos: max-attempts = 3
            // kairos: retry-backoff = 30s
            // kairos: recovery = rerun
            // kairos: retention-count = 50
            // kairos: retention-days = 7
            // kairos: cron = 0 3 * * *
            // kairos: tz = Europe/London
            // kairos: misfire = fire-all
            // kairos: priority = 5
            // kairos: data = {"folder": "logs", "days": 7}
            #load "lib/common.csx"
            Logger.LogInformation("hello");
            """;

        Assert.True(ScriptHeaderParser.TryParse(text, out var definition, out var errors), string.Join("\n", errors));

        Assert.Equal("logs.compress", definition.Id);
        Assert.Equal("Gzips log files older than a week", definition.Description);
        Assert.Equal(TimeSpan.FromMinutes(5), definition.Policies.Timeout);
        Assert.Equal(OverlapPolicy.Queue, definition.Policies.Overlap);
        Assert.Equal(ConcurrencyScope.Trigger, definition.Policies.Scope);
        Assert.Equal(3, definition.Policies.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), definition.Policies.RetryBackoff);
        Assert.Equal(RecoveryPolicy.Rerun, definition.Policies.Recovery);
        Assert.Equal(50, definition.Policies.RetentionCount);
        Assert.Equal(TimeSpan.FromDays(7), definition.Policies.RetentionAge);
        var trigger = Assert.Single(definition.Triggers);
        Assert.Equal(TriggerSpec.Cron("default", "0 3 * * *", "Europe/London") with
        {
            Misfire = MisfirePolicy.FireAll,
            Priority = 5,
            DataJson = """{"folder": "logs", "days": 7}""",
        }, trigger);
    }

    [Fact]
    public void Parse_ReadsSeveralTriggers_WhenTriggerLinesStartThem()
    {
        const string text = """
            // kairos: id = reports.disk-usage
            // kairos: cron = 0 */5 * * * *
            // kairos: trigger = hourly
            // kairos: interval = 1h
            // kairos: data = {"folder": "/var/log"}
            """;

        Assert.True(ScriptHeaderParser.TryParse(text, out var definition, out _));

        Assert.Collection(definition.Triggers,
            t => Assert.Equal(TriggerSpec.Cron("default", "0 */5 * * * *"), t),
            t => Assert.Equal(TriggerSpec.Interval("hourly", TimeSpan.FromHours(1)) with { DataJson = """{"folder": "/var/log"}""" }, t));
    }

    [Fact]
    public void Parse_DeclaresNoTrigger_WhenHeaderHasOnlyAnId()
    {
        Assert.True(ScriptHeaderParser.TryParse("// kairos: id = manual.only\nreturn;", out var definition, out _));

        Assert.Empty(definition.Triggers);
        Assert.Equal(Host.Storage.Catalog.JobPolicies.Default, definition.Policies);
    }

    [Fact]
    public void Parse_ReadsTheStartConditionAndAutoPause_WhenTheHeaderNamesThem()
    {
        const string text = "// kairos: id = billing.sync\n// kairos: enabled-when = Features:Billing\n// kairos: pause-after-failures = 3\n// kairos: interval = 1m\nreturn;";

        Assert.True(ScriptHeaderParser.TryParse(text, out var definition, out var errors), string.Join("\n", errors));

        Assert.Equal("Features:Billing", definition.EnabledWhen);
        Assert.Equal(3, definition.Policies.PauseAfterFailures);
    }

    [Fact]
    public void Parse_LeavesTheStartConditionAndAutoPauseOff_WhenTheHeaderDoesNotNameThem()
    {
        Assert.True(ScriptHeaderParser.TryParse("// kairos: id = a.b\n// kairos: interval = 90\n", out var definition, out _));

        Assert.Null(definition.EnabledWhen);
        Assert.Equal(0, definition.Policies.PauseAfterFailures);
    }

    [Fact]
    public void Parse_AcceptsBlankLinesCommentsAndDirectives_BetweenHeaderLines()
    {
        const string text = "\r\n// kairos: id = a.b\r\n/* notes\r\n   more notes */\r\n#r \"x.dll\"\r\n\r\n// kairos: interval = 90\r\nvar x = 1;\r\n";

        Assert.True(ScriptHeaderParser.TryParse(text, out var definition, out var errors), string.Join("\n", errors));
        Assert.Equal(TimeSpan.FromSeconds(90), Assert.Single(definition.Triggers).Period);
    }

    [Theory]
    [InlineData("// kairos: crn = * * * * *", 2, 12, ScriptHeaderError.UnknownKey, "unknown key 'crn'")]
    [InlineData("// kairos: cron = 61 * * * *", 2, 19, ScriptHeaderError.InvalidValue, "invalid cron expression '61 * * * *'")]
    [InlineData("// kairos: cron = * * *", 2, 19, ScriptHeaderError.InvalidValue, "expected 5 fields")]
    [InlineData("// kairos: tz = Mars/Olympus", 2, 17, ScriptHeaderError.InvalidValue, "unknown time zone 'Mars/Olympus'")]
    [InlineData("// kairos: timeout = soon", 2, 22, ScriptHeaderError.InvalidValue, "timeout 'soon' is invalid")]
    [InlineData("// kairos: max-attempts = 0", 2, 27, ScriptHeaderError.InvalidValue, "expected a whole number of at least 1")]
    [InlineData("// kairos: overlap = sometimes", 2, 22, ScriptHeaderError.InvalidValue, "expected 'skip', 'queue', 'allow' or 'replace'")]
    [InlineData("// kairos: misfire = never", 2, 22, ScriptHeaderError.InvalidValue, "expected 'fire-once', 'fire-all' or 'skip'")]
    [InlineData("// kairos: interval = 0.5", 2, 23, ScriptHeaderError.InvalidValue, "of at least 1 s")]
    [InlineData("// kairos: data = {\"folder\": ", 2, 19, ScriptHeaderError.InvalidValue, "is not valid JSON")]
    [InlineData("// kairos: id", 2, 12, ScriptHeaderError.Malformed, "expected '// kairos: key = value'")]
    [InlineData("// kairos: pause-after-failures = -1", 2, 35, ScriptHeaderError.InvalidValue, "pause-after-failures '-1' is invalid: expected a whole number of at least 0")]
    [InlineData("// kairos: pause-after-failures = often", 2, 35, ScriptHeaderError.InvalidValue, "expected a whole number")]
    [InlineData("// kairos: enabled-when = Features: Billing", 2, 27, ScriptHeaderError.InvalidValue, "enabled-when 'Features: Billing' is not a configuration key: expected a key such as 'Features:Billing'")]
    [InlineData("// kairos: enabled-when = Features::Billing", 2, 27, ScriptHeaderError.InvalidValue, "is not a configuration key")]
    public void Parse_ReportsLineAndColumn_WhenALineIsWrong(string badLine, int line, int column, string code, string message)
    {
        var text = $"// kairos: id = jobs.sample\n{badLine}\n// kairos: cron = 0 * * * *\nreturn;";
        if (badLine.Contains("cron =", StringComparison.Ordinal))
        {
            text = text.Replace("// kairos: cron = 0 * * * *\n", "", StringComparison.Ordinal);
        }
        if (badLine.Contains("interval", StringComparison.Ordinal) || badLine.Contains("tz", StringComparison.Ordinal))
        {
            text = text.Replace("// kairos: cron = 0 * * * *\n", "", StringComparison.Ordinal);
        }

        var result = ScriptHeaderParser.Parse(text);

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsCronError_OnTheCronLine_WhenTimeZoneComesAfterIt()
    {
        const string text = "// kairos: id = a\n// kairos: cron = 0 0 31 2 * * *\n// kairos: tz = Europe/London\n";

        var error = Assert.Single(ScriptHeaderParser.Parse(text).Errors);

        Assert.Equal("x.csx(2,19): error KRS002: invalid cron expression '0 0 31 2 * * *': expected 5 fields (minute hour day-of-month month day-of-week) or 6 (second minute hour day-of-month month day-of-week), found 7", error.Format("x.csx"));
    }

    [Fact]
    public void Parse_ReportsMissingId_OnTheFirstHeaderLine()
    {
        var result = ScriptHeaderParser.Parse("\n\n// kairos: cron = 0 * * * *\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, ScriptHeaderError.MissingId), (error.Line, error.Code));
    }

    [Fact]
    public void Parse_ReportsInvalidId_AndKeepsNoDeclaredId()
    {
        var result = ScriptHeaderParser.Parse("// kairos: id = Bad Id\n");

        Assert.Null(result.DeclaredId);
        Assert.Contains(result.Errors, e => e is { Line: 1, Column: 17, Code: ScriptHeaderError.InvalidValue });
    }

    [Fact]
    public void Parse_ReportsDuplicateKey_WithTheLineOfTheFirst()
    {
        var result = ScriptHeaderParser.Parse("// kairos: id = a\n// kairos: cron = 0 * * * *\n// kairos: cron = 5 * * * *\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, ScriptHeaderError.DuplicateKey), (error.Line, error.Code));
        Assert.StartsWith("'cron' is already set on line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", result.DeclaredId);
    }

    [Fact]
    public void Parse_ReportsHeaderLineAfterCode()
    {
        var result = ScriptHeaderParser.Parse("// kairos: id = a\nvar x = 1;\n// kairos: cron = 0 * * * *\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, ScriptHeaderError.AfterCode), (error.Line, error.Code));
    }

    [Fact]
    public void Parse_ReportsTriggerWithoutSchedule()
    {
        var result = ScriptHeaderParser.Parse("// kairos: id = a\n// kairos: trigger = nightly\n// kairos: tz = UTC\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, ScriptHeaderError.MissingSchedule), (error.Line, error.Code));
        Assert.Contains("trigger 'nightly' has no schedule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReportsBothCronAndInterval_AndTimeZoneOnInterval()
    {
        var both = ScriptHeaderParser.Parse("// kairos: id = a\n// kairos: cron = 0 * * * *\n// kairos: interval = 1m\n");
        var tzOnInterval = ScriptHeaderParser.Parse("// kairos: id = a\n// kairos: interval = 1m\n// kairos: tz = Europe/Paris\n");

        Assert.Equal(3, Assert.Single(both.Errors).Line);
        Assert.Equal(3, Assert.Single(tzOnInterval.Errors).Line);
    }

    [Fact]
    public void Parse_ReportsEveryError_InLineOrder()
    {
        var result = ScriptHeaderParser.Parse("// kairos: id = a\n// kairos: colour = red\n// kairos: tz = Nowhere/City\n// kairos: cron = 0 * * * *\n");

        Assert.Equal([2, 3], result.Errors.Select(e => e.Line));
    }

    [Theory]
    [InlineData("// kairos: id = a\nreturn;", true)]
    [InlineData("//kairos:id=a", true)]
    [InlineData("// KAIROS: id = a", true)]
    [InlineData("// helpers for other scripts\npublic static string Greet() => \"hi\";", false)]
    [InlineData("var x = 1;\n// kairos: id = a", false)]
    [InlineData("/* // kairos: id = a */\nreturn;", false)]
    public void HasHeader_TellsJobsFromLibraries(string text, bool expected) =>
        Assert.Equal(expected, ScriptHeaderParser.HasHeader(text));
}
