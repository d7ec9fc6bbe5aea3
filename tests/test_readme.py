"""The README is the user's first contact: its commands and settings must match the code."""

from pathlib import Path

from webapp.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_run_and_test_commands() -> None:
    commands = [line.split("#")[0].strip() for line in README.split("```sh", 1)[1]
                .split("```", 1)[0].strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    steps = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line and not line.startswith(("#", "set ", "cd "))]
    assert steps == ["make test"]


def test_every_setting_is_documented() -> None:
    missing = [s.name for s in SETTINGS if f"`KG_{s.name}`" not in README]
    assert not missing, f"settings missing from the README: {missing}"
