"""The built wheel carries the vocabulary and the shapes: it works installed, away from the repo."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_venv_and_validates_from_any_directory(
        tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(dist), str(ROOT)], check=True, capture_output=True, timeout=300)
    [wheel] = dist.glob("stancegraph-*.whl")
    env_dir = tmp_path / "venv"
    # The fresh venv sees the test venv's dependencies but not the project itself.
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    site = next(Path(sys.prefix).glob("lib/python3*/site-packages"))
    pth = next((env_dir / "lib").glob("python3*/site-packages")) / "deps.pth"
    pth.write_text(str(site) + "\n")
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sample = sorted((ROOT / "samples").glob("*.txt"))[0]
    done = subprocess.run([str(env_dir / "bin" / "kg"), "validate", str(sample)],
                          cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 valid, 0 rejected" in done.stdout
    where = subprocess.run(
        [str(python), "-c", "import kg.pipeline.resources, kg; print(kg.__file__); "
                            "print(len(kg.pipeline.resources.shapes_turtle()))"],
        cwd=elsewhere, capture_output=True, text=True, check=True)
    assert str(env_dir) in where.stdout.splitlines()[0]
    assert int(where.stdout.splitlines()[1]) > 1000
