"""The command-line reference in the README, rendered from the real ``--help`` texts.

``python -m chronolane.cli.reference README.md`` rewrites the block between the reference markers; a test
fails when the README and the commands disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"


def render_reference() -> str:
    """Markdown: the top-level help, then each command's help, as a user's terminal shows them."""
    from chronolane.cli import COMMANDS, app

    runner = CliRunner()
    blocks = []
    for args in ([], *([name] for name, _ in COMMANDS)):
        result = runner.invoke(app, [*args, "--help"], prog_name="chronolane", env={"COLUMNS": "100"})
        if result.exit_code != 0:
            raise RuntimeError(f"chronolane {' '.join(args)} --help failed")
        title = f"chronolane {args[0]}" if args else "chronolane"
        blocks.append(f"### `{title}`\n\n```\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(blocks)


def update(readme: Path) -> bool:
    """Rewrite the reference block of ``readme``; return whether anything changed."""
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{render_reference()}{END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    changed = update(Path(sys.argv[1] if len(sys.argv) > 1 else "README.md"))
    print("README updated" if changed else "README already up to date")
