"""Rendering: the fallback without ``dot``, escaped and shortened labels, and a 50-principal account in time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import graphviz
import pytest
from diagrams_support import DEV, big_sandbox

from workbench.account import Sandbox
from workbench.diagrams import account_map, assume_graph, neighbourhood
from workbench.diagrams.account import account_graph
from workbench.diagrams.ids import assign_ids, synthetic_id
from workbench.diagrams.inputs import AssumeGraph, GraphEdge, GraphNode
from workbench.diagrams.labels import shorten
from workbench.notebook.diagram import INSTALL_HINT

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")


def _missing_dot(*args: object, **kwargs: object) -> str:
    raise graphviz.ExecutableNotFound(("dot",))


def test_without_dot_the_diagram_shows_its_dot_source(small: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    diagram = account_map(small, "dev")
    monkeypatch.setattr(graphviz.Digraph, "pipe", _missing_dot)
    bundle = diagram._repr_mimebundle_()
    assert "image/svg+xml" not in bundle
    assert bundle["text/plain"] == diagram.text
    html = bundle["text/html"]
    assert "cannot be drawn here" in html and INSTALL_HINT.split(":")[0] in html
    assert "digraph account_map {" in html
    assert "alice" in html and "rankdir=LR" in html
    assert diagram.svg() is None


def test_text_plain_is_the_same_with_or_without_dot(small: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    with_dot = account_map(small, "dev")._repr_mimebundle_()["text/plain"]
    monkeypatch.setattr(graphviz.Digraph, "pipe", _missing_dot)
    assert account_map(small, "dev")._repr_mimebundle_()["text/plain"] == with_dot


def test_long_labels_are_shortened_with_an_ellipsis_and_kept_as_tooltip() -> None:
    assert shorten("short") == "short"
    cut = shorten("user-00-platform-engineer-with-a-long-name")
    assert len(cut) == 28 and cut.endswith("…")
    arn = shorten("arn:aws:iam::222222222222:role/team/deploy-production")
    assert "…" in arn and arn.endswith("deploy-production") and len(arn) == 28
    graph = AssumeGraph((GraphNode("arn:aws:iam::111111111111:user/" + "x" * 60),), ())
    source = assume_graph(graph, show_isolated=True).source
    assert "x" * 27 + "…" in source  # the label
    assert "x" * 60 in source  # the tooltip


def test_user_text_cannot_break_the_dot_source() -> None:
    odd = 'arn:aws:iam::111111111111:role/we"ird\\n<b>{x}</b>'
    graph = AssumeGraph((GraphNode(odd), GraphNode("a:b:c")), (GraphEdge("a:b:c", odd, ('"quoted" \\',)),))
    source = assume_graph(graph).source
    assert '\\"' in source and "\\\\n" in source  # quotes escaped, backslashes literal
    assert "label=<" not in source.split("\tlegend")[0]  # user text is never an HTML label
    if shutil.which("dot"):
        assert assume_graph(graph).svg() is not None  # dot parses it


def test_synthetic_ids_are_stable_readable_and_distinct() -> None:
    key = "user:arn:aws:iam::111111111111:user/alice"
    assert re.fullmatch(r"user_alice_[0-9a-f]{8}", synthetic_id(key))
    assert synthetic_id(key) == synthetic_id(key)
    ids = assign_ids(["user:x", "user:x", "role:a/b:c", "policy:arn:aws:iam::aws:policy/ReadOnlyAccess"])
    assert len(set(ids.values())) == 3 and all(":" not in value for value in ids.values())


def test_fifty_principals_render_quickly_and_stay_readable() -> None:
    sandbox = big_sandbox(users=40, roles=10)
    started = time.perf_counter()
    diagram = account_map(sandbox, "big")
    source = diagram.source
    built = time.perf_counter() - started
    assert built < 2.0, f"building the DOT took {built:.2f}s"
    graph = account_graph(sandbox.sim.state, DEV)
    assert sum(1 for n in graph.nodes if n.kind in ("user", "role")) == 50
    assert "rankdir=LR" in source
    node_labels = re.findall(r"^\t+\w+ \[label=(?:\"([^\"]*)\"|(\S+))", source, re.MULTILINE)
    lines = [line for quoted, bare in node_labels for line in (quoted or bare).split("\\n")]
    assert len(lines) > 60 and max(len(line) for line in lines) <= 28
    scoped = account_map(sandbox, "big", scope=neighbourhood("role-00"))
    assert scoped.text.count("\n") < 12
    if shutil.which("dot"):
        started = time.perf_counter()
        assert diagram.svg() is not None
        drawn = time.perf_counter() - started
        assert drawn < 5.0, f"dot took {drawn:.2f}s"


def test_concentrate_is_a_choice_and_automatic_for_many_edges(small: Sandbox) -> None:
    assert "concentrate" not in account_map(small, "dev").source
    assert "concentrate=true" in account_map(small, "dev", concentrate=True).source
    big = big_sandbox(users=80, roles=10)
    assert "concentrate=true" in account_map(big, "big").source


@needs_dot
def test_every_view_renders_with_dot(small: Sandbox) -> None:
    for diagram in (account_map(small, "dev"), account_map(small, "dev", scope=neighbourhood("alice"))):
        svg = diagram.svg()
        assert svg is not None and svg.lstrip().startswith(("<?xml", "<svg", "<!--"))


def test_dot_is_identical_across_processes_with_different_hash_seeds() -> None:
    script = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from diagrams_support import small_sandbox;"
        "from workbench.diagrams import account_map;"
        "print(hashlib.sha256(account_map(small_sandbox(organization=True), 'dev').source.encode()).hexdigest())"
    )
    here = str(Path(__file__).parent)
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, here],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
