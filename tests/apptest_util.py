"""Helpers shared by the AppTest and chart tests: the specs an app run sent, and a walk over
every dict of a Vega-Lite spec."""

from __future__ import annotations

import json
from collections.abc import Iterator


def specs(at) -> list[dict]:
    """The Vega-Lite spec of every chart an ``AppTest`` run drew, in page order."""
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def walk(node) -> Iterator[dict]:
    """Every dict inside a Vega-Lite spec (layers, facets, concats), the spec included."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)
