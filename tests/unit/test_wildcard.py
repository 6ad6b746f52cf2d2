"""The linear-time wildcard matcher: correctness against a reference, and no backtracking blow-up."""

import fnmatch
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.wildcard import Glob, tokenize


def reference(pattern: str, text: str) -> bool:
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, flags=re.DOTALL) is not None


@given(st.text(alphabet="ab*?/:", max_size=12), st.text(alphabet="ab/:", max_size=14))
@settings(max_examples=3000)
def test_glob_agrees_with_a_reference_matcher(pattern: str, text: str) -> None:
    assert Glob.compile(pattern).matches(text) == reference(pattern, text)


def test_examples_from_the_reference() -> None:
    assert Glob.compile("s3:GetObjec?").matches("s3:GetObject")
    assert not Glob.compile("s3:GetObject?").matches("s3:GetObject")
    assert Glob.compile("docs-bucket/*/test/*").matches("docs-bucket/1/2/test/object.jpg")
    assert not Glob.compile("docs-bucket/*/test/*").matches("docs-bucket/test/object.jpg")
    assert Glob.compile("*log*").matches("carlossalazar-logs/file.txt")
    assert Glob.compile("IAM:*accesskey*", case_insensitive=True).matches("iam:createaccesskey")
    assert not Glob.compile("Reports/*").matches("reports/q1")


def test_literal_tokens_stay_literal() -> None:
    glob = Glob.from_tokens(["file", "*"])  # a literal "*" token, not the STAR wildcard
    assert glob.matches("file*") and not glob.matches("fileX")
    assert tokenize("a*b") != ["a*b"]


def test_pathological_patterns_decide_in_milliseconds() -> None:
    pattern = "*a" * 1000
    texts = ["a" * 10_000, "b" * 10_000, "ab" * 5_000, "a" * 9_999 + "b"]
    start = time.perf_counter()
    results = [Glob.compile(pattern).matches(text) for text in texts]
    elapsed = time.perf_counter() - start
    assert results == [True, False, False, False]
    assert elapsed < 0.5, f"{elapsed:.3f}s: the matcher must not backtrack"
    # fnmatch (a regex) is the naive approach; just make sure our answer agrees on a small one.
    assert Glob.compile("*a*a*b").matches("xaxab") == fnmatch.fnmatchcase("xaxab", "*a*a*b")


def test_question_marks_never_match_past_the_text() -> None:
    # Found by the property test: a "?"-piece wider than the text once wrapped a negative bound.
    assert not Glob.compile("*:??:*").matches("::")
    assert Glob.compile("*:??:*").matches("a:bc:d")
