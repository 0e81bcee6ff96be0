"""Print the package-level import graph of warp_report as Mermaid (the source of docs/architecture.md's picture).

    python docs/import_graph.py [PACKAGE_DIR]

Each arrow is "some module of A imports some module of B"; modules at the package root are
their own nodes. An arrow in both directions is a cycle and is printed as such.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path


def unit_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "warp_report" or len(parts) < 2:
        return None
    return parts[1]


def edges(root: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for path in root.rglob("*.py"):
        rel = path.relative_to(root.parent).with_suffix("")
        source = unit_of(".".join(rel.parts))
        if source is None or source == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                target = unit_of(node.module)
            elif isinstance(node, ast.Import):
                target = next((unit_of(a.name) for a in node.names if unit_of(a.name)), None)
            else:
                continue
            if target and target != source:
                out[source].add(target)
    return out


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "warp_report")
    graph = edges(root)
    print("graph LR")
    for source in sorted(graph):
        for target in sorted(graph[source]):
            cycle = source in graph.get(target, set())
            print(f"  {source} {'<-->' if cycle else '-->'} {target}" if not cycle or source < target else "", end="")
            if not cycle or source < target:
                print()


if __name__ == "__main__":
    main()
