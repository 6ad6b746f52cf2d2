"""Diagrams, the shared look: shapes and fills per node kind, colours and styles per edge kind, legend lines.

Colours are the Okabe–Ito palette the notebook uses (``workbench.notebook.style``), and nothing is
told by colour alone: a shape, a dashed line, a label word or the legend repeats it.
"""

from __future__ import annotations

from workbench.diagrams.graph import LegendEntry
from workbench.notebook.style import BLUE, GREY, ORANGE, VERMILLION

GREEN, PURPLE, SKY, YELLOW = "#009E73", "#CC79A7", "#56B4E9", "#F0E442"
INK = "#333333"

NODE_LOOK: dict[str, dict[str, str]] = {
    "user": {"shape": "box", "style": "rounded,filled", "fillcolor": "#DCEBF7", "color": BLUE},
    "group": {"shape": "folder", "style": "filled", "fillcolor": "#F3E1EC", "color": PURPLE},
    "role": {"shape": "hexagon", "style": "filled", "fillcolor": "#D6F0E6", "color": GREEN},
    "policy": {"shape": "note", "style": "filled", "fillcolor": "#FFF8D8", "color": "#9A8700", "fontsize": "10"},
    "aws-policy": {"shape": "note", "style": "filled", "fillcolor": "#F2F2F2", "color": GREY, "fontsize": "10"},
    "inline": {"shape": "note", "style": "filled", "fillcolor": "#FFFFFF", "color": GREY, "fontsize": "9"},
    "scp": {"shape": "note", "style": "filled", "fillcolor": "#ECE6F5", "color": GREY, "fontsize": "9"},
    "account": {"shape": "box3d", "style": "filled", "fillcolor": "#EEEEEE", "color": INK},
    "external-account": {"shape": "box3d", "style": "filled", "fillcolor": "#FBE6C2", "color": ORANGE},
    "external": {"shape": "box", "style": "rounded,filled", "fillcolor": "#FBE6C2", "color": ORANGE},
    "service": {"shape": "component", "style": "filled", "fillcolor": "#E3F2FA", "color": SKY},
    "federated": {"shape": "component", "style": "filled", "fillcolor": "#E3F2FA", "color": SKY},
    "everyone": {"shape": "octagon", "style": "filled", "fillcolor": VERMILLION, "color": "#000000"},
    "unknown": {"shape": "box", "style": "dashed", "color": GREY, "fontcolor": GREY},
    "resource": {"shape": "cylinder", "style": "filled", "fillcolor": "#FFFFFF", "color": INK},
    "admin": {"shape": "doubleoctagon", "style": "filled,bold", "fillcolor": VERMILLION, "color": "#000000"},
}

TONE_LOOK: dict[str, dict[str, str]] = {
    "public": {"style": "filled,bold", "fillcolor": VERMILLION, "color": "#000000", "penwidth": "2"},
    "cross-account": {"style": "filled,bold", "fillcolor": ORANGE, "color": "#000000", "penwidth": "2"},
    "admin": {"color": VERMILLION, "penwidth": "3", "style": "filled,bold"},
    "highlight": {"penwidth": "2.5"},
    "muted": {"color": GREY, "fontcolor": GREY},
}

ESCALATION_FAMILIES: dict[str, tuple[str, str]] = {
    "assume": (BLUE, "assume a role"),
    "policy-edit": (VERMILLION, "edit or attach a policy"),
    "credentials": (PURPLE, "create credentials (keys, password)"),
    "pass-role": (GREEN, "pass a role to compute (EC2, Lambda…)"),
    "other": (GREY, "other primitive"),
}
"""Escalation primitive family → (edge colour, legend words)."""

EDGE_LOOK: dict[str, dict[str, str]] = {
    "member": {"color": PURPLE, "arrowsize": "0.6"},
    "attached": {"color": "#9A8700", "arrowsize": "0.5"},
    "inline": {"color": GREY, "arrowsize": "0.5"},
    "boundary": {"color": INK, "style": "dashed", "arrowhead": "tee", "arrowsize": "0.7"},
    "trust": {"color": GREEN},
    "trust-cross-account": {"color": ORANGE, "penwidth": "1.5"},
    "can-assume": {"color": BLUE},
    "can-assume-cross-account": {"color": ORANGE, "penwidth": "1.5"},
    "access-public": {"color": VERMILLION, "penwidth": "2"},
    "access-cross-account": {"color": ORANGE, "penwidth": "2"},
    "access": {"color": INK},
    **{f"escalation-{name}": {"color": colour, "penwidth": "1.5"} for name, (colour, _) in ESCALATION_FAMILIES.items()},
}

ACCOUNT_MAP_LEGEND = (
    LegendEntry("member of a group", PURPLE, applies_to=("member",)),
    LegendEntry("managed policy attached", "#9A8700", applies_to=("attached",)),
    LegendEntry("inline policy", GREY, applies_to=("inline",)),
    LegendEntry("permissions boundary", INK, "dashed", applies_to=("boundary",)),
    LegendEntry("trusted to assume the role", GREEN, applies_to=("trust",)),
    LegendEntry("trusted from another account", ORANGE, applies_to=("trust-cross-account",)),
    LegendEntry("only under a condition (MFA, ExternalId…)", INK, "dashed", applies_to=("conditional",)),
    LegendEntry("public access (finding)", VERMILLION, applies_to=("access-public",)),
    LegendEntry("cross-account access (finding)", ORANGE, applies_to=("access-cross-account",)),
    LegendEntry("PUBLIC resource", VERMILLION, sample="node", applies_to=("tone:public",)),
    LegendEntry("resource shared with another account", ORANGE, sample="node", applies_to=("tone:cross-account",)),
)

ASSUME_LEGEND = (
    LegendEntry("can assume", BLUE, applies_to=("can-assume",)),
    LegendEntry("can assume from another account", ORANGE, applies_to=("can-assume-cross-account",)),
    LegendEntry("can assume only under a condition (label)", BLUE, "dashed", applies_to=("conditional",)),
)

ESCALATION_LEGEND = (
    *(
        LegendEntry(words, colour, applies_to=(f"escalation-{family}",))
        for family, (colour, words) in ESCALATION_FAMILIES.items()
    ),
    LegendEntry("only under a condition (label)", INK, "dashed", applies_to=("conditional",)),
    LegendEntry("shortest path to administrator (thick)", INK, "bold", applies_to=("highlight",)),
    LegendEntry("administrator", VERMILLION, sample="node", applies_to=("node:admin",)),
)
