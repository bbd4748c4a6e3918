"""Swedish messages from the model name fields and hints in Swedish (messages.TERMS)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import earchive.model as model
from earchive import Agent, AgentKind, Representation, Submission
from earchive.errors import InvalidInput
from earchive.messages import TERMS, render


def _literal_params() -> set[str]:
    """String literals passed as field/hint/allowed to _fail/_required/match_term in model.py."""
    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"_fail", "_required", "match_term"}:
            args = [node.args[0]] + ([node.args[1]] if getattr(node.func, "id") == "_required" else [])
            if getattr(node.func, "id") == "_fail" and len(node.args) > 2:
                args.append(node.args[2])
            found.update(a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def test_every_literal_field_and_hint_has_a_swedish_term():
    missing = sorted(t for t in _literal_params() if "sv" not in TERMS.get(t, {}))
    assert missing == []


def test_missing_submitting_agent_reads_swedish_in_swedish(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InvalidInput) as info:
        Submission(label="x", representations=[Representation("rep1", sources=[tmp_path])], agents=[])
    assert info.value.message("sv") == (
        "levererande aktör måste anges: ange den organisation eller person som lämnar in paketet (SIP15, MUST)")
    assert info.value.message("en").startswith("submitting agent is required: name the organisation")
    assert info.value.params["field"] == "submitting agent"  # the key the GUI's precheck acts on is unchanged


def test_agent_name_term_per_kind():
    with pytest.raises(InvalidInput) as info:
        Agent(AgentKind.ARCHIVAL_CREATOR, "")
    assert info.value.message("sv").startswith("namn på arkivbildare måste anges: ange organisationens")


def test_user_values_are_never_translated():
    # "objid" is a term, but as a *value* (user data) it stays as typed
    assert render("error.invalid_value", {"field": "objid", "value": "objid", "allowed": "x"}, "sv").startswith(
        "paketets identifierare (objid): objid är inte tillåtet")
