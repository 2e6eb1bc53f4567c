"""Claims as code: the registry itself, and that every page with an experiment checks its claims."""

from pathlib import Path

import pytest

from dlbasics.claims import ClaimError, Claims, all_claims, claims_list

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_a_claim_knows_its_sentence_and_its_code():
    claims: Claims[tuple[float, float]] = Claims("history/example")

    @claims.claim("오른쪽이 | 왼쪽보다 큽니다.")
    def right_is_larger(r: tuple[float, float]) -> bool:
        """Docstrings are not code."""
        return r[1] > r[0]

    (claim,) = list(claims)
    assert claim.name == "right_is_larger"
    assert claim.code == "r[1] > r[0]"
    assert claims.evaluate((0.0, 1.0)) == {"right_is_larger": True}
    with pytest.raises(ClaimError, match=r"history/example: 1 of 1 claims fail: right_is_larger"):
        claims.check((1.0, 0.0))
    listing = claims_list([claims])
    assert listing.startswith("**{doc}`/history/example`**")
    assert "- 오른쪽이 | 왼쪽보다 큽니다. `r[1] > r[0]`" in listing


def test_a_claim_name_is_registered_once():
    claims: Claims[int] = Claims("history/example")

    @claims.claim("양수입니다.")
    def positive(r: int) -> bool:
        return r > 0

    with pytest.raises(ValueError, match="a claim named positive exists"):
        claims.claim("다시 양수입니다.")(positive)


def test_every_page_that_runs_an_experiment_checks_its_claims():
    groups = all_claims()
    pages_with_claims = {claims.page for claims in groups}
    for claims in groups:
        page = DOCS / f"{claims.page}.md"
        assert page.is_file(), f"{claims.page}: no such page"
        assert len(claims) > 0, f"{claims.page}: a Claims with no claim"
        assert ".check(" in page.read_text(encoding="utf-8"), f"{claims.page} does not check"
    for page in sorted(DOCS.glob("*/*.md")):
        if "dlbasics.experiments" in page.read_text(encoding="utf-8"):
            docname = page.relative_to(DOCS).with_suffix("").as_posix()
            assert docname in pages_with_claims, f"{docname} runs an experiment but claims nothing"
