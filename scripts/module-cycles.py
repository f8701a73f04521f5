#!/usr/bin/env python3
"""Lists cycles between the files of a Rust crate, from the paths its code names.

A file depends on another when it names a path into it: `crate::a::b::Item`, `super::x`,
`self::child` (in `use` lines and in code alike). A module's own child files are not a cycle
with it when they only use their parent (that is a tree, not a knot); every other strongly
connected set of two or more files is printed, and the exit status is 1 when one exists.

    scripts/module-cycles.py engine/src cli/src src:charts src:components
A `root:sub` argument checks the crate rooted at `root` but reports only files under `sub`.
"""
import os
import re
import sys

PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^;]*)\}", re.S)
COMMENT = re.compile(r"//[^\n]*")


def module_files(root):
    """Maps module path tuples to files, for the crate rooted at `root` (lib.rs/main.rs)."""
    mods = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".rs"):
                continue
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, root)
            parts = rel[:-3].split(os.sep)
            if parts[-1] == "mod":
                parts = parts[:-1]
            if parts in (["lib"], ["main"]):
                parts = []
            if parts and parts[0] == "bin":
                continue
            mods[tuple(parts)] = full
    return mods


def resolve(mods, segments):
    """The file of the longest module prefix of `segments`."""
    for n in range(len(segments), -1, -1):
        if tuple(segments[:n]) in mods:
            return mods[tuple(segments[:n])]
    return None


def edges_of(mods, mod, path):
    text = COMMENT.sub("", open(path, encoding="utf-8").read())
    # Leave out `#[cfg(test)] mod tests { … }` blocks at the end of a file: tests may use anything.
    cut = re.search(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text)
    if cut:
        text = text[: cut.start()]
    names = []
    for m in USE_GROUP.finditer(text):
        base = m.group(1) + m.group(2)
        for item in re.split(r",", re.sub(r"\{[^{}]*\}", "", m.group(3))):
            item = item.strip().split(" as ")[0].strip()
            if item and item != "self":
                names.append(base + "::" + item)
            elif item == "self":
                names.append(base)
    names += [m.group(1) + m.group(2) for m in PATH.finditer(text)]
    out = set()
    for name in names:
        segs = name.split("::")
        head, rest = segs[0], segs[1:]
        if head == "crate":
            target = list(rest)
        else:
            base = list(mod)
            # super/self are relative to the module; a file `a/b.rs` is module (a, b).
            while head in ("super", "self"):
                if head == "super":
                    base = base[:-1]
                head, rest = (rest[0], rest[1:]) if rest else ("", [])
            target = base + ([head] if head else []) + list(rest)
        f = resolve(mods, target)
        if f and f != path:
            out.add(f)
    return out


def sccs(graph):
    index, low, stack, on, result, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            result.append(comp)

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return result


def main(args):
    found = False
    for arg in args:
        root, _, sub = arg.partition(":")
        mods = module_files(root)
        graph = {f: edges_of(mods, m, f) for m, f in mods.items()}
        prefix = os.path.join(root, sub) if sub else root
        for comp in sccs(graph):
            comp = [f for f in comp if f.startswith(prefix)]
            if len(comp) < 2:
                continue
            # A module file and its own children, where only the children use the parent, is a tree.
            found = True
            print(f"cycle in {prefix}: " + " ↔ ".join(sorted(comp)))
    if not found:
        print("no cycle between files in " + ", ".join(args))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["engine/src", "cli/src", "src:charts", "src:components"]))
