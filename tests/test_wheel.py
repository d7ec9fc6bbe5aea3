"""The built wheel installs the way users install it and works away from the repository.

`python3 -m venv` with the pip it brings, the wheel installed with its dependencies resolved
(no --no-deps, no view of the test environment): what a missing declaration breaks, this
catches. One install per test session; pip's cache makes repeats cheap.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@dataclass
class Installed:
    """A fresh virtual environment holding the wheel and its dependencies."""

    root: Path
    elsewhere: Path  # a working directory outside the repository

    def kg(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the installed `kg` from outside the repository."""
        return subprocess.run([str(self.root / "bin" / "kg"), *args], cwd=self.elsewhere,
                              capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build the wheel, then `python3 -m venv` and `pip install` it as a user would."""
    where = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(where / "dist"), str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = (where / "dist").glob("stancegraph-*.whl")
    python3 = shutil.which("python3") or sys.executable
    subprocess.run([python3, "-m", "venv", str(where / "venv")], check=True, timeout=120)
    pip = subprocess.run([str(where / "venv" / "bin" / "pip"), "install", str(wheel)],
                         capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    (where / "elsewhere").mkdir()
    yield Installed(where / "venv", where / "elsewhere")


def test_the_venv_sees_nothing_of_the_test_environment(installed: Installed) -> None:
    config = (installed.root / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in config
    paths = subprocess.run([str(installed.root / "bin" / "python"), "-c",
                            "import sys; print('\\n'.join(sys.path))"],
                           capture_output=True, text=True, check=True).stdout
    assert str(Path(sys.prefix)) not in paths and str(ROOT) not in paths


def test_the_installed_kg_ingests_an_html_page(installed: Installed) -> None:
    done = installed.kg("--store", "html-store", "ingest",
                        str(SAMPLES / "008-grain-eastern-flank.html"))
    assert done.returncode == 0, done.stderr
    assert "1 stored, 0 rejected, 0 unreadable" in done.stdout


def test_the_installed_kg_ingests_the_seed(installed: Installed) -> None:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent (../shared holds the seed corpus)")
    done = installed.kg("ingest", "--store", "seed-store", str(SEED))
    assert done.returncode == 0, done.stderr
    assert "1 stored, 0 rejected, 0 unreadable" in done.stdout
    articles = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <https://schema.org/articleBody> ?b }"
    count = installed.kg("--store", "seed-store", "query", "--format", "csv", articles)
    assert count.returncode == 0, count.stderr
    assert count.stdout.split()[1] == "1"


def test_the_installed_package_reads_its_vocabulary_and_shapes_from_the_venv(
        installed: Installed) -> None:
    where = subprocess.run(
        [str(installed.root / "bin" / "python"), "-c",
         "import kg.pipeline.resources, kg; print(kg.__file__); "
         "print(len(kg.pipeline.resources.shapes_turtle()))"],
        cwd=installed.elsewhere, capture_output=True, text=True, check=True)
    assert str(installed.root) in where.stdout.splitlines()[0]
    assert int(where.stdout.splitlines()[1]) > 1000
