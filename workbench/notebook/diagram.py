"""Notebook front-end, display: a graphviz graph that shows as SVG, or as its DOT text when Graphviz is missing.

A raw ``graphviz.Digraph`` as a cell's last expression fails the cell when the ``dot`` program is
not installed, and its text repr carries a memory address (jupyter-stack §1–2). ``Diagram`` never
fails to display and its ``text/plain`` is stable, the same with or without ``dot``.
"""

from __future__ import annotations

from typing import Any

import graphviz

from workbench.notebook.style import FONT, e

INSTALL_HINT = "Install Graphviz to see the drawing: apt-get install graphviz (Debian/Ubuntu) or brew install graphviz."


class Diagram:
    """Wraps a ``graphviz.Digraph``; ``text`` is its stable plain-text description."""

    def __init__(self, graph: graphviz.Digraph, *, text: str | None = None) -> None:
        self.graph = graph
        self.text = text or f"Diagram {graph.name}"

    @property
    def source(self) -> str:
        """The DOT text (deterministic: the same graph always gives the same source)."""
        return self.graph.source

    def svg(self) -> str | None:
        """The drawing as SVG, or None when Graphviz is missing or cannot draw it."""
        try:
            return self.graph.pipe(format="svg", encoding="utf-8")
        except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
            return None

    def html(self) -> str:
        """An HTML fragment: the inline SVG, else the DOT source and how to install Graphviz."""
        return self._html(self.svg())

    def _html(self, svg: str | None) -> str:
        if svg is not None:
            start = svg.find("<svg")
            return f'<div class="iamwb-flowchart">{svg[start:] if start >= 0 else svg}</div>'
        return (
            f'<div class="iamwb-flowchart iamwb-flowchart-source" style="{FONT}">'
            "<p><b>The diagram cannot be drawn here</b> (the Graphviz program <code>dot</code> is missing or "
            f"failed), so here is its source. {e(INSTALL_HINT)}</p>"
            f'<pre style="font-size:0.85em;overflow-x:auto">{e(self.source)}</pre></div>'
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        svg = self.svg()
        bundle: dict[str, Any] = {"text/plain": self.text, "text/html": self._html(svg)}
        if svg is not None:
            bundle["image/svg+xml"] = svg
        return bundle

    def __repr__(self) -> str:
        return self.text
