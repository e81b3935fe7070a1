"""The evaluation's wording-blind leak measure: output lines the gold does not hold."""

from evaluation.extraction import foreign_lines, score

GOLD = "عنوان الخبر\nقال الوزير إن المشروع سيكتمل العام المقبل.\nوأضاف أن التمويل متوفر."


def test_the_gold_itself_has_no_foreign_line():
    assert foreign_lines(GOLD, GOLD) == 0


def test_boilerplate_in_any_wording_is_foreign():
    output = GOLD + "\nتابعونا على منصات التواصل\nطباعة"
    assert foreign_lines(output, GOLD) == 2
    assert score(output, GOLD).foreign == 2


def test_a_kept_line_split_or_joined_differently_is_not_foreign():
    output = "عنوان الخبر\nقال الوزير إن المشروع سيكتمل العام المقبل. وأضاف أن التمويل متوفر."
    assert foreign_lines(output, GOLD) == 0


def test_a_line_mostly_of_gold_words_in_another_order_is_foreign():
    # Shuffled gold words (a table written in another format, a glued headline) are not the gold's lines.
    assert foreign_lines("المقبل العام سيكتمل المشروع إن الوزير قال", GOLD) == 1
