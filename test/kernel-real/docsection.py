"""The generated parts of docs/real-kernel.md: text between two markers."""
import pathlib
import sys


def replace_section(doc: pathlib.Path, name: str, lines: list, tool: str) -> None:
    """Replaces what stands between `<!-- NAME:begin -->` and `<!-- NAME:end -->`
    in DOC with LINES; exits naming TOOL when DOC has no such section."""
    text = doc.read_text()
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    if begin not in text or end not in text:
        sys.exit(f"{tool}: {doc} has no {begin} ... {end} section")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    doc.write_text(head + begin + "\n" + "\n".join(lines) + "\n" + end + tail)
    print(f"{tool}: updated {doc}")
