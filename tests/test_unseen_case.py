"""Issue 13's "Done when", measured on a case the anonymiser was never tuned to (bench/unseen_case.py):
through the CLI, planted identifiers the register does not know are held or replaced, no safe term
is a finding, and after a careful checker accepts every proposal (writing wording where there is
none) the public HTML and PDF hold no planted identifier, no register value and no sentence pattern
a comms lead would not publish."""
from bench.bench_unseen import RECALL_GOAL, run


def test_an_unseen_case_is_anonymised_and_published_readably(tmp_path):
    result = run(tmp_path)
    assert result.exits == {"validate": 0, "chronology": 0, "draft": 0, "redaction": 1, "redaction (decided)": 0,
                            "publish": 0}
    assert result.recall >= RECALL_GOAL, result.missed
    assert result.safe_flagged == []
    assert result.leaks == []
    assert result.bad_patterns == []
