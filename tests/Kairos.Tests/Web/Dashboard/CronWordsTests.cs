using Kairos.Web.Dashboard.Text;

namespace Kairos.Tests.Web.Dashboard;

public sealed class CronWordsTests
{
    [Theory]
    [InlineData("* * * * *", "every minute")]
    [InlineData("*/5 * * * *", "every 5 minutes")]
    [InlineData("15 * * * *", "every hour at minute 15")]
    [InlineData("0 9 * * *", "at 09:00")]
    [InlineData("30 8,17 * * *", "at 08:30 and 17:30")]
    [InlineData("0 9 * * 1-5", "at 09:00 on Monday to Friday")]
    [InlineData("0 6 * * 0,6", "at 06:00 on Sunday and Saturday")]
    [InlineData("0 */2 * * *", "every 2 hours at minute 0")]
    [InlineData("0 3 1 * *", "at 03:00 on day 1 of the month")]
    [InlineData("*/10 * * * * *", "every 10 seconds")]
    [InlineData("0 0 9 * * 1", "at 09:00 on Monday")]
    public void Describe_SaysACommonFormInWords(string cron, string words) => Assert.Equal(words, CronWords.Describe(cron));

    [Theory]
    [InlineData("0 9 * 1 *")]
    [InlineData("0 9 1 * 1")]
    [InlineData("0 9-17 * * *")]
    [InlineData("5/10 * * * *")]
    [InlineData("0 25 * * *")]
    [InlineData("every 5m")]
    [InlineData(null)]
    public void Describe_IsNull_ForAFormItDoesNotKnow(string? cron) => Assert.Null(CronWords.Describe(cron));
}
