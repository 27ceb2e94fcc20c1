using Sprache;

namespace PolicyRules.Language.Messages;

/// <summary>A located parse error whose text comes from the catalogue; <see cref="System.Exception.Message"/> is the English text.</summary>
public sealed class MsgParseException(Msg text, Position position) : ParseException(text.Render(Lang.En), position)
{
    /// <summary>The message, to be put into words in the reader's language.</summary>
    public Msg Text { get; } = text;
}
