"""Notebook front-end: a request simulator (caller, action, resource, context → Decide) over ``workbench.api``.

The learner fills in a request; Decide builds it with ``make_request``, decides it with ``authorize``
against a fixed policy set and shows the big decision label, the verdict of every layer, the
explanation and the flowchart. Input that cannot be decided is answered with a message, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets

from workbench.api import authorize, explain_decision, make_request
from workbench.engine.decision import Decision
from workbench.engine.policy_set import PolicySet
from workbench.errors import WorkbenchError
from workbench.explain import Explanation, render_html
from workbench.notebook.decision_view import layer_table_html
from workbench.notebook.flowchart import flowchart
from workbench.notebook.inputs import account_of_arn, as_policy_set, check_caller, parse_context
from workbench.notebook.style import FONT, STYLESHEET, decision_label_html, e, message_html

_WAITING = "Fill in a request and press Decide."
_FIELD_STYLE = {"description_width": "11em"}


def _field(description: str, value: str, placeholder: str) -> widgets.Text:
    return widgets.Text(
        value=value,
        description=description,
        placeholder=placeholder,
        style=_FIELD_STYLE,
        layout=widgets.Layout(width="100%"),
    )


class RequestSimulator:
    """Decide requests against one policy set; ``decide()`` does what the Decide button does."""

    def __init__(
        self,
        policies: PolicySet,
        *,
        principal: str = "",
        action: str = "",
        resource: str = "*",
        resource_account: str = "",
        context: dict[str, Any] | None = None,
    ) -> None:
        self.policies = policies
        self.decision: Decision | None = None
        self.explanation: Explanation | None = None
        self.error: str | None = None
        self.principal_input = _field("Principal ARN", principal, "arn:aws:iam::111122223333:user/alice")
        self.action_input = _field("Action", action, "s3:GetObject")
        self.resource_input = _field("Resource ARN", resource, "arn:aws:s3:::reports/q1.csv, or *")
        self.account_input = _field("Resource account", resource_account, "from the ARN, else the caller's")
        self.context_input = widgets.Textarea(
            value=json.dumps(context, indent=2) if context else "",
            description="Context (JSON)",
            placeholder='{"aws:SourceIp": "203.0.113.5", "aws:MultiFactorAuthPresent": true}',
            rows=3,
            style=_FIELD_STYLE,
            layout=widgets.Layout(width="100%"),
        )
        self.context_input.add_class("iamwb-context")
        self.decide_button = widgets.Button(description="Decide", button_style="primary")
        self.decide_button.add_class("iamwb-decide")
        self.decide_button.on_click(lambda _: self.decide())
        self.label = widgets.HTML(f'<span style="{FONT};color:#444">{e(_WAITING)}</span>')
        self.label.add_class("iamwb-decision-label")
        self.result = widgets.HTML()
        self.result.add_class("iamwb-simulator-result")
        heading = widgets.HTML(STYLESHEET + f'<div style="{FONT};font-weight:bold">Request simulator</div>')
        fields = [self.principal_input, self.action_input, self.resource_input, self.account_input]
        self.widget = widgets.VBox([heading, *fields, self.context_input, self.decide_button, self.label, self.result])
        self.widget.add_class("iamwb-simulator")
        self.widget.add_class("iamwb-root")
        if action:
            self.decide()

    def set_request(
        self,
        *,
        principal: str | None = None,
        action: str | None = None,
        resource: str | None = None,
        resource_account: str | None = None,
        context: dict[str, Any] | str | None = None,
    ) -> None:
        """Fill in fields, as a learner would type them (``context`` as a dict or JSON text)."""
        for value, field in (
            (principal, self.principal_input),
            (action, self.action_input),
            (resource, self.resource_input),
            (resource_account, self.account_input),
        ):
            if value is not None:
                field.value = value
        if context is not None:
            self.context_input.value = context if isinstance(context, str) else json.dumps(context, indent=2)

    def decide(self) -> Decision | None:
        """Decide the request in the fields and show it; None (and a message) when it cannot be decided."""
        try:
            resource = self.resource_input.value.strip() or "*"
            if not self.action_input.value.strip():
                raise WorkbenchError("enter an action such as s3:GetObject", code="request_action")
            request = make_request(
                check_caller(self.principal_input.value),
                self.action_input.value.strip(),
                resource,
                resource_account=self.account_input.value.strip() or account_of_arn(resource),
                context=parse_context(self.context_input.value),
            )
            decision = authorize(request, self.policies)
            explanation = explain_decision(decision, self.policies)
        except (WorkbenchError, ValueError) as error:
            self._cannot_decide(error.message if isinstance(error, WorkbenchError) else str(error))
            return None
        self.decision, self.explanation, self.error = decision, explanation, None
        self.label.value = decision_label_html(decision.decision)
        chart = flowchart(decision).html()
        self.result.value = (
            f'<div style="{FONT};font-weight:bold;margin-top:0.4em">Layer by layer</div>'
            f"{layer_table_html(decision)}{render_html(explanation)}"
            f'<details style="{FONT}"><summary>The path through AWS\'s evaluation flow</summary>{chart}</details>'
        )
        return decision

    def _cannot_decide(self, message: str) -> None:
        self.decision, self.explanation, self.error = None, None, message
        self.label.value = decision_label_html("error")
        self.result.value = message_html(f"Cannot decide this request: {message}", "iamwb-input-error")

    def __repr__(self) -> str:
        if self.error is not None:
            return f"RequestSimulator: cannot decide: {self.error}"
        if self.decision is None:
            return "RequestSimulator: not decided yet"
        return f"RequestSimulator: {self.decision.decision} ({self.decision.reason})"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = repr(self)
        return bundle


def simulate(
    policies: Any = None,
    *,
    principal: str = "",
    action: str = "",
    resource: str = "*",
    context: dict[str, Any] | None = None,
    resource_account: str = "",
    **policy_set_kwargs: Any,
) -> RequestSimulator:
    """A request simulator over ``policies`` (a PolicySet, or identity policies), else over
    ``make_policy_set(**policy_set_kwargs)``; pass the resource-based policy as ``resource_policy=``."""
    policy_set = as_policy_set(policies, **policy_set_kwargs)
    return RequestSimulator(
        policy_set,
        principal=principal,
        action=action,
        resource=resource,
        resource_account=resource_account,
        context=context,
    )
