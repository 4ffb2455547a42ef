"""The layout stays true: imports point down the pipeline's floors, and nothing is circular.

Every import counts, function-level and ``TYPE_CHECKING`` ones included, because a cycle
through a function-level import is still a cycle: it only fails later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "l10n"

#: The floors, lowest first. A module may import its own package and any floor below its own;
#: the pipeline's verbs (modules directly in l10n/) may import each other, without a cycle.
FLOORS = ("workspace", "documents", "catalog", "memory", "glossary", "engines", "qa", "xliff",
          "align", "<verbs>", "cli")
MAX_TOP_LEVEL_MODULES = 12


def module_names(root: Path) -> dict[str, Path]:
    """Dotted name -> file of every module under ``root`` (a package folder)."""
    names = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ``known`` that module ``name`` imports, anywhere in its body."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            # `from l10n.qa import checks` imports the submodule l10n.qa.checks
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            while target and target not in known:  # `import a.b.c` names a.b.c's module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    known = module_names(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def floor_of(module: str) -> str | None:
    """The floor a module stands on; None for the root package (it only holds the version)."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    if len(parts) == 2 and parts[1] not in FLOORS:
        return "cli" if parts[1] == "__main__" else "<verbs>"
    return parts[1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Each import from a lower floor to a higher one (or to an unknown package)."""
    wrong = []
    for module, targets in sorted(graph.items()):
        here = floor_of(module)
        for target in sorted(targets):
            there = floor_of(target)
            if there is None or there == here:
                continue
            if here is None or here not in FLOORS or there not in FLOORS \
                    or FLOORS.index(there) > FLOORS.index(here):
                wrong.append(f"{module} ({here}) imports {target} ({there})")
    return wrong


def test_no_import_cycle() -> None:
    assert cycles(import_graph(PACKAGE)) == []


def test_imports_only_point_down() -> None:
    assert upward_imports(import_graph(PACKAGE)) == []


def test_root_package_imports_nothing_of_its_own() -> None:
    assert import_graph(PACKAGE)["l10n"] == set()


def test_every_package_is_a_known_floor_and_says_what_it_may_import() -> None:
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert folder.name in FLOORS, f"{folder.name}: add it to FLOORS and ARCHITECTURE.md"
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text("utf-8"))) or ""
        assert "import" in doc, f"l10n/{folder.name}/__init__.py: say what it may import"


def test_few_modules_stand_directly_in_the_package() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py")
                 if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_architecture_md_names_every_package() -> None:
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text("utf-8")
    for floor in FLOORS:
        if floor != "<verbs>":
            assert f"l10n/{floor}/" in text, floor


# -- the checker itself, on a tree made for it ---------------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "l10n"


@pytest.mark.parametrize("how", ["import l10n.qa.b", "from l10n.qa import b",
                                 "from . import b", "def f():\n    from l10n.qa.b import x"])
def test_a_cycle_through_any_kind_of_import_is_found(tmp_path: Path, how: str) -> None:
    root = write(tmp_path, {"l10n/__init__.py": "", "l10n/qa/__init__.py": "",
                            "l10n/qa/a.py": how + "\n",
                            "l10n/qa/b.py": "from l10n.qa.a import y\n"})
    assert cycles(import_graph(root)) == [["l10n.qa.a", "l10n.qa.b"]]


def test_an_upward_import_is_found(tmp_path: Path) -> None:
    root = write(tmp_path, {"l10n/__init__.py": "", "l10n/workspace/__init__.py": "",
                            "l10n/workspace/config.py": "from l10n.status import x\n",
                            "l10n/status.py": "from l10n.cli.app import app\n",
                            "l10n/cli/__init__.py": "", "l10n/cli/app.py": "",
                            "l10n/documents/__init__.py": "",
                            "l10n/documents/base.py": "import l10n.workspace.config\n"})
    assert upward_imports(import_graph(root)) == [
        "l10n.status (<verbs>) imports l10n.cli.app (cli)",
        "l10n.workspace.config (workspace) imports l10n.status (<verbs>)"]
