"""Agreement from spans equals the reference libraries on the same expanded unit vectors."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa

from qcoder.analysis.agreement import compute_agreement, expand_units, figures, pair_counts, pattern_counts
from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source


def reference(vectors: list[list[int]]) -> dict[str, float | None]:
    """The reference libraries' figures on per-character vectors; NaN/undefined → None."""
    data = np.array(vectors)
    n, _units = data.shape
    ones = data.sum(axis=0)
    table = np.stack([n - ones, ones], axis=1)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        cohen = float(cohen_kappa_score(data[0], data[1])) if n == 2 else None
        fleiss = float(fleiss_kappa(table, method="fleiss"))
        try:
            alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        except ValueError:  # "There has to be more than one value in the domain."
            alpha = None
    pair_agreement = np.mean(
        [np.mean(data[i] == data[j]) for i in range(n) for j in range(i + 1, n)]
    )

    def clean(value: float | None) -> float | None:
        return None if value is None or math.isnan(value) or math.isinf(value) else value

    return {
        "percent": float(pair_agreement),
        "cohen_kappa": clean(cohen),
        "fleiss_kappa": clean(fleiss),
        "krippendorff_alpha": clean(alpha),
    }


def assert_matches(counts, coders: int) -> None:
    ours = figures(counts, coders)
    expected = reference(expand_units(counts, coders))
    for name, value in expected.items():
        got = getattr(ours, name)
        if value is None:
            assert got is None, name
        else:
            assert got == pytest.approx(value, abs=1e-12), name


def brute_force(spans_by_coder, length):
    vectors = [[0] * length for _ in spans_by_coder]
    for coder, spans in enumerate(spans_by_coder):
        for start, end in spans:
            for position in range(max(0, start), min(length, end)):
                vectors[coder][position] = 1
    counts: dict[int, int] = {}
    for position in range(length):
        mask = sum(vectors[c][position] << c for c in range(len(spans_by_coder)))
        counts[mask] = counts.get(mask, 0) + 1
    return counts


span = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 4).flatmap(lambda n: st.lists(st.lists(span, max_size=6), min_size=n, max_size=n)),
       st.integers(1, 80))
def test_sweep_equals_per_character_counts(spans_by_coder, length):
    assert dict(pattern_counts(spans_by_coder, length)) == brute_force(spans_by_coder, length)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 5).flatmap(lambda n: st.lists(st.lists(span, max_size=6), min_size=n, max_size=n)),
       st.integers(1, 90))
def test_figures_equal_reference_libraries_on_random_spans(spans_by_coder, length):
    assert_matches(pattern_counts(spans_by_coder, length), len(spans_by_coder))


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.integers(0, 15), st.integers(1, 50), min_size=1), st.integers(0, 3), st.integers(0, 3))
def test_pairs_of_coders_equal_sklearn_on_the_same_vectors(counts, first, second):
    if first == second:
        return
    vectors = expand_units(counts, 4)
    expected = reference([vectors[first], vectors[second]])["cohen_kappa"]
    got = figures(pair_counts(counts, first, second), 2).cohen_kappa
    assert got is None if expected is None else got == pytest.approx(expected, abs=1e-12)


def test_seeded_large_random_counts_equal_reference():
    rng = np.random.default_rng(8)
    for coders in (2, 3, 4):
        for _ in range(5):
            counts = {mask: int(rng.integers(0, 400)) for mask in range(1 << coders)}
            assert_matches(counts, coders)


@pytest.mark.parametrize("counts", [{0: 50}, {0b11: 20}, {0b111: 5}, {0: 3, 0b1: 1}, {0b10: 7}])
def test_degenerate_cases_are_none_like_the_references(counts):
    coders = max(2, max(counts).bit_length())
    assert_matches(counts, coders)


def test_no_units_is_all_none():
    result = figures({}, 3)
    assert result.units == 0 and result.percent is None and result.fleiss_kappa is None


def test_fewer_than_two_coders_is_refused():
    with pytest.raises(QcoderError):
        figures({0: 3}, 1)


def test_two_coders_known_values():
    # 10 units: both code 4, only A codes 1, only B codes 1, neither 4.
    result = figures({0b11: 4, 0b01: 1, 0b10: 1, 0: 4}, 2)
    assert result.percent == pytest.approx(0.8)
    assert result.cohen_kappa == pytest.approx((0.8 - 0.5) / 0.5)


# -- from a project -----------------------------------------------------------------------------


@pytest.fixture
def coded(empty_project):
    with empty_project.transaction() as session:
        ann = ensure_coder(session, "Ann")
        bob = ensure_coder(session, "Bob")
        cy = ensure_coder(session, "Cy")
        one = add_source(session, "one", "a" * 100).created_id
        two = add_source(session, "two", "b" * 50).created_id
        trust = ensure_code_path(session, "Themes/Trust").created_id
        risk = ensure_code_path(session, "Themes/Risk").created_id
        ensure_code_path(session, "Unused")
        for coder, source, code, start, end in [
            (ann, one, trust, 0, 20), (ann, one, trust, 10, 30), (bob, one, trust, 5, 25),
            (ann, two, risk, 0, 10), (bob, two, risk, 0, 10), (cy, one, trust, 0, 30),
            (bob, one, risk, 90, 100),
        ]:
            apply_coding(session, source, code, start, end, coder)
    return empty_project


def test_project_agreement_matches_references_on_expanded_vectors(coded):
    with coded.reading() as session:
        report = compute_agreement(session, ["Ann", "Bob"])
    assert list(report.per_code) == ["Themes/Trust", "Themes/Risk"]
    # Trust over 150 characters: Ann [0,30), Bob [5,25).
    ann = [1] * 30 + [0] * 120
    bob = [0] * 5 + [1] * 20 + [0] * 125
    expected = reference([ann, bob])
    assert report.per_code["Themes/Trust"].cohen_kappa == pytest.approx(expected["cohen_kappa"])
    assert report.per_code["Themes/Trust"].units == 150
    # Risk: Ann [100,110) of the 150 pooled positions ("two" after "one"), Bob [90,100) and [100,110).
    risk_ann = [0] * 100 + [1] * 10 + [0] * 40
    risk_bob = [0] * 90 + [1] * 20 + [0] * 40
    overall = reference([ann + risk_ann, bob + risk_bob])
    for name, value in overall.items():
        assert getattr(report.overall, name) == pytest.approx(value), name


def test_three_coders_have_no_cohen_kappa(coded):
    with coded.reading() as session:
        report = compute_agreement(session, ["Ann", "Bob", "Cy"], code_paths=["Themes/Trust"])
    assert report.overall.cohen_kappa is None
    assert "cohen_kappa" not in report.as_json()["overall"]
    ann = [1] * 30 + [0] * 120
    bob = [0] * 5 + [1] * 20 + [0] * 125
    cy = [1] * 30 + [0] * 120
    expected = reference([ann, bob, cy])
    assert report.pairwise[("Ann", "Bob")] == pytest.approx(cohen_kappa_score(ann, bob))
    assert report.pairwise[("Bob", "Cy")] == pytest.approx(cohen_kappa_score(bob, cy))
    assert report.pairwise[("Ann", "Cy")] == pytest.approx(1.0)
    assert set(report.as_json()["pairwise_cohen_kappa"]) == {"Ann | Bob", "Ann | Cy", "Bob | Cy"}
    assert report.overall.fleiss_kappa == pytest.approx(expected["fleiss_kappa"])
    assert report.overall.krippendorff_alpha == pytest.approx(expected["krippendorff_alpha"])


def test_chosen_sources_and_unused_codes(coded):
    with coded.reading() as session:
        report = compute_agreement(session, ["Ann", "Bob"], code_paths=["Unused"], source_names=["two"])
    assert report.per_code["Unused"].units == 50
    assert report.per_code["Unused"].percent == 1.0
    assert report.per_code["Unused"].cohen_kappa is None
    assert report.as_json()["overall"]["krippendorff_alpha"] is None


def test_unknown_names_are_clear_errors(coded):
    with coded.reading() as session:
        with pytest.raises(NotFoundError, match="Zed"):
            compute_agreement(session, ["Ann", "Zed"])
        with pytest.raises(NotFoundError, match="Nope"):
            compute_agreement(session, ["Ann", "Bob"], code_paths=["Nope"])
        with pytest.raises(NotFoundError, match="three"):
            compute_agreement(session, ["Ann", "Bob"], source_names=["three"])
        with pytest.raises(QcoderError):
            compute_agreement(session, ["Ann"])


def test_agreement_rolls_up_to_a_group(empty_project):
    """Ann codes a passage Pre-training/Data, Bob the same passage Pre-training/Compute: they
    disagree on each sub-stage but agree, character for character, on the stage."""
    with empty_project.transaction() as session:
        ann, bob = ensure_coder(session, "Ann"), ensure_coder(session, "Bob")
        data = ensure_code_path(session, "Stage/Pre-training/Data").created_id
        compute = ensure_code_path(session, "Stage/Pre-training/Compute").created_id
        source = add_source(session, "s", "x" * 100).created_id
        apply_coding(session, source, data, 10, 30, ann)
        apply_coding(session, source, compute, 10, 30, bob)
        report = compute_agreement(session, ["Ann", "Bob"])
    assert report.per_code["Stage/Pre-training/Data"].cohen_kappa == 0.0
    group = report.per_group["Stage/Pre-training"]
    assert (group.units, group.percent, group.cohen_kappa) == (100, 1.0, 1.0)
    assert report.per_group["Stage"] == group
    assert "per_group" in report.as_json()
