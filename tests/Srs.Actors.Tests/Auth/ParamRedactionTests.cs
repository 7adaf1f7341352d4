using Srs.Actors.Auth;

namespace Srs.Actors.Tests.Auth;

public sealed class ParamRedactionTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("?vhost=a", "?vhost=a")]
    [InlineData("?token=1800000600-abc", "?token=***")]
    [InlineData("?vhost=a&token=1-abc&x=1", "?vhost=a&token=***&x=1")]
    [InlineData("?TOKEN=1-abc", "?TOKEN=***")]
    [InlineData("?mytoken=1", "?mytoken=1")]
    public void Only_token_values_are_hidden(string param, string logged) => Assert.Equal(logged, ParamRedaction.Redact(param));
}
