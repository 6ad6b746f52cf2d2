"""Analysis, errors: the typed mistakes an analysis reports (an unknown account, no organization, a bad id)."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class AnalysisError(WorkbenchError):
    """A question an analysis cannot answer as asked: its ``code`` says why (``analysis_…``)."""

    code = "analysis_error"
