namespace GasTown.Federation.Model.Tests.Display;

public sealed class UnsafeCharactersTests
{
    [Theory]
    [InlineData(0x1B)] // ESC: a terminal's escape sequences
    [InlineData(0x07)] // BEL
    [InlineData('\r')] // overwrites the line it is on
    [InlineData('\n')]
    [InlineData('\t')]
    [InlineData(0x7F)]
    [InlineData(0x9B)] // C1 CSI
    [InlineData(0x061C)]
    [InlineData(0x200E)]
    [InlineData(0x200F)]
    [InlineData(0x202A)]
    [InlineData(0x202E)] // RLO: the rest of the line drawn right to left
    [InlineData(0x2066)]
    [InlineData(0x2069)]
    [InlineData(0x2028)]
    [InlineData(0x2029)]
    public void Layout_controls_are_named_and_are_not_counted_as_invisible(int scalar)
    {
        UnsafeCharacters.IsLayoutControl(scalar).ShouldBeTrue();
        UnsafeCharacters.IsDefaultIgnorable(scalar).ShouldBeFalse();
        UnsafeCharacters.ShouldShowAsCodePoint(scalar).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0x00AD)]
    [InlineData(0x200B)] // al\u200Bice passing for alice
    [InlineData(0x2060)]
    [InlineData(0x2065)]
    [InlineData(0x206A)]
    [InlineData(0xFEFF)]
    [InlineData(0x3164)]
    [InlineData(0x180E)]
    [InlineData(0x1D173)]
    [InlineData(0x1BCA0)]
    [InlineData(0xE0041)] // TAG LATIN CAPITAL LETTER A: a hidden copy of any text
    [InlineData(0xE007F)]
    [InlineData(0xE0080)] // unassigned, default-ignorable: drawn as nothing wherever a font has it
    [InlineData(0xE0FFF)]
    public void Characters_drawn_as_nothing_are_named_and_are_not_joiners(int scalar)
    {
        UnsafeCharacters.IsDefaultIgnorable(scalar).ShouldBeTrue();
        UnsafeCharacters.IsJoinerOrSelector(scalar).ShouldBeFalse();
        UnsafeCharacters.IsLayoutControl(scalar).ShouldBeFalse();
        UnsafeCharacters.ShouldShowAsCodePoint(scalar).ShouldBeTrue();
    }

    [Theory]
    [InlineData(0x200C)]
    [InlineData(0x200D)] // emoji sequences
    [InlineData(0xFE0F)] // emoji presentation
    [InlineData(0xE0100)]
    [InlineData(0xE01EF)]
    public void Joiners_and_selectors_are_drawn_as_nothing_and_named_apart(int scalar)
    {
        UnsafeCharacters.IsDefaultIgnorable(scalar).ShouldBeTrue();
        UnsafeCharacters.IsJoinerOrSelector(scalar).ShouldBeTrue();
        UnsafeCharacters.ShouldShowAsCodePoint(scalar).ShouldBeFalse("an encoder keeps them: emoji need them");
    }

    [Theory]
    [InlineData(' ')]
    [InlineData('a')]
    [InlineData(0x00E9)] // é
    [InlineData(0x0627)] // Arabic alef
    [InlineData(0x4E2D)]
    [InlineData(0x1F525)] // 🔥
    [InlineData(0x20E3)] // combining keycap: drawn
    [InlineData(0xE1000)] // past plane 14's default-ignorable block
    public void Text_people_write_is_none_of_them(int scalar)
    {
        UnsafeCharacters.IsLayoutControl(scalar).ShouldBeFalse();
        UnsafeCharacters.IsDefaultIgnorable(scalar).ShouldBeFalse();
        UnsafeCharacters.IsJoinerOrSelector(scalar).ShouldBeFalse();
        UnsafeCharacters.ShouldShowAsCodePoint(scalar).ShouldBeFalse();
    }

    [Fact]
    public void Every_joiner_or_selector_is_drawn_as_nothing_and_no_layout_control_is()
    {
        for (var scalar = 0; scalar <= 0x10FFFF; scalar++)
        {
            if (UnsafeCharacters.IsJoinerOrSelector(scalar))
            {
                UnsafeCharacters.IsDefaultIgnorable(scalar).ShouldBeTrue($"U+{scalar:X4}");
            }

            if (UnsafeCharacters.IsLayoutControl(scalar))
            {
                UnsafeCharacters.IsDefaultIgnorable(scalar).ShouldBeFalse($"U+{scalar:X4}");
            }
        }
    }
}
