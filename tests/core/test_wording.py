"""One way to count things in words, everywhere."""

import pytest

from qcoder.core.wording import counted


@pytest.mark.parametrize("count, noun, expected", [
    (1, "passage", "1 passage"), (0, "passage", "0 passages"), (2, "source", "2 sources"),
    (1, "coder", "1 coder"), (3, "query", "3 queries"), (2, "coded passage", "2 coded passages"),
    (2, "match", "2 matches"), (2, "day", "2 days"), (5, "case", "5 cases"),
])
def test_counted(count, noun, expected):
    assert counted(count, noun) == expected
