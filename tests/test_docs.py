"""The README and the command line agree."""

from __future__ import annotations

from pathlib import Path

from sitrep.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    return [*names, *(g.name or "" for g in app.registered_groups)]


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert [line.split()[0:2] for line in first_block.strip().splitlines()[1:]] == [
        ["make", "demo"],
        ["make", "test"],
    ]


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in command_names() if f"sitrep {name}" not in README]
    assert not missing, f"README does not show: {missing}"


def test_every_command_help_ends_with_an_example() -> None:
    for command in app.registered_commands:
        doc = (command.callback.__doc__ or "") if command.callback else ""
        assert "Example: sitrep" in doc, f"{command.name}: help has no example"
