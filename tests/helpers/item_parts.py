"""Which parts the question types in a copy of grader/ lack: run as
`python tests/helpers/item_parts.py <folder holding grader/>`; prints a JSON list of sentences.

A fresh interpreter, so the `grader` imported is the copy's (tests/test_item_types.py)."""

from __future__ import annotations

import inspect
import json
import sys
from types import ModuleType

# What each Python part must define: a layer finds the part by these names.
NAMES = {
    "__init__": {"NAME": str, "IN_QUESTION_BANKS": bool},
    "model": {"MODEL": type},
    "check": {"check": "function"},
    "scoring": {"score": "function"},
    "widget": {"HINT": str, "inputs": "function", "feedback": "function"},
    "answers": {"answer": "function"},
}
EXPORTS = ("gift", "qti")  # a writer function of that name, or NOT_EXPORTED: the reason


def _has(module: ModuleType, name: str, kind: object) -> bool:
    value = getattr(module, name, None)
    if kind == "function":
        return inspect.isfunction(value)
    if kind is type:
        return inspect.isclass(value)
    return isinstance(value, kind)  # type: ignore[arg-type]


def problems() -> list[str]:
    from grader import items

    out = []
    for t in items.type_names():
        where = f"grader/items/{t}"
        out += [f"{where} has no {f}" for f in items.PARTS if not (items.HERE / t / f).is_file()]
        for module, wanted in NAMES.items():
            if module != "__init__" and not (items.HERE / t / f"{module}.py").is_file():
                continue
            m = items.folder(t) if module == "__init__" else items.part(t, module)
            kinds = {n: k if isinstance(k, str) else k.__name__ for n, k in wanted.items()}
            out += [f"{where}/{module}.py has no {n} ({kinds[n]})" for n, k in wanted.items() if not _has(m, n, k)]
        if (items.HERE / t / "model.py").is_file():
            from grader.content.item_base import ItemBase

            model = getattr(items.part(t, "model"), "MODEL", ItemBase)
            if model.longest_response is ItemBase.longest_response:  # the SCORM budget needs it
                out.append(f"{where}/model.py: MODEL has no longest_response()")
        for module in EXPORTS:
            if (items.HERE / t / f"{module}.py").is_file():
                m = items.part(t, module)
                if not (
                    inspect.isfunction(getattr(m, module, None)) or isinstance(getattr(m, "NOT_EXPORTED", None), str)
                ):
                    out.append(f"{where}/{module}.py has neither {module}() nor NOT_EXPORTED")
    return out


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    print(json.dumps(problems()))
