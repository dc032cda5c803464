from hypothesis import given
from hypothesis import strategies as st

from qcoder.ui.document.text_positions import PositionMap


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(st.text())
def test_every_code_point_position_round_trips_through_qt(text):
    positions = PositionMap(text)
    assert positions.qt_length == utf16_length(text)
    for index in range(len(text) + 1):
        qt = positions.to_qt(index)
        assert qt == utf16_length(text[:index])
        assert positions.to_python(qt) == index


def test_known_text_with_emoji_arabic_hebrew_chinese_and_combining_accents():
    text = "héllo 😀 مرحبا שלום 你好 e\u0301 👩‍💻!"
    positions = PositionMap(text)
    start = text.index("!")
    assert positions.to_qt(start) == utf16_length(text[:start])
    assert positions.to_python(positions.to_qt(start)) == start


def test_a_position_inside_a_surrogate_pair_rounds_down_to_its_character():
    positions = PositionMap("a😀b")
    assert positions.to_python(2) == 1  # between the two halves of 😀
    assert positions.to_python(3) == 2
