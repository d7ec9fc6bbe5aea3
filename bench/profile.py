"""Profiles that say what limits a figure: py-spy on the web tier, pyinstrument on ingest.

Each profile is written to bench/out/profiles/ as text: for the web tier, the functions where
the sampled worker threads spent their time (own and inclusive, idle waits left out by py-spy);
for ingest, pyinstrument's call tree of one process ingesting a corpus.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.loadgen import run_load
from bench.servers import Server

BIN = Path(sys.executable).parent
PROFILES = Path(__file__).resolve().parent / "out" / "profiles"
TOP = 25


def _processes(server: Server) -> dict[int, tuple[int, str, int]]:
    """Map each process of the server's session to (parent, role, CPU ticks so far)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[3]) != server.process.pid:  # field 6 of stat: the session id
            continue
        role = ("oxigraph store server" if b"oxigraph" in cmdline
                else "gunicorn" if b"gunicorn" in cmdline else "kg serve")
        found[int(stat.parent.name)] = (int(fields[1]), role, int(fields[11]) + int(fields[12]))
    return found


def _gunicorn_master(processes: dict[int, tuple[int, str, int]], server: Server) -> int | None:
    """The gunicorn master is the kg serve process's gunicorn child; its workers are its own."""
    return next((pid for pid, (parent, role, _) in processes.items()
                 if role == "gunicorn" and parent == server.process.pid), None)


def _cpu_lines(before: dict[int, tuple[int, str, int]], after: dict[int, tuple[int, str, int]],
               seconds: float) -> str:
    """Say how many cores each kind of process used over the window."""
    ticks = os.sysconf("SC_CLK_TCK")
    used: collections.Counter[str] = collections.Counter()
    for pid, (_, role, end) in after.items():
        used[role] += end - before.get(pid, (0, role, end))[2]
    lines = [f"  {role}: {n / ticks / seconds:.2f} cores" for role, n in used.most_common()]
    return (f"CPU over the window ({os.cpu_count()} cores; the load generator uses the rest):\n"
            + "\n".join(lines) + "\n")


def py_spy() -> str | None:
    """Locate py-spy (the bench extra installs it into the virtual environment)."""
    return shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy")


def profile_server(server: Server, path: str, name: str, *, seconds: float = 8.0,
                   headers: dict[str, str] | None = None) -> Path | None:
    """Sample kg serve's workers with py-spy while loading one path; write a summary."""
    spy = py_spy()
    before = _processes(server)
    master = _gunicorn_master(before, server)
    if spy is None or master is None:
        return None
    PROFILES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "profile.txt"
        load: dict[str, object] = {}
        loader = threading.Thread(target=lambda: load.update(result=run_load(
            server.url, [path], seconds=seconds + 2, headers=headers)))
        loader.start()
        # --gil: only the thread holding the GIL is sampled, so the profile is the workers'
        # Python time, not their threads waiting for it or for the store.
        completed = subprocess.run(
            [spy, "record", "--pid", str(master), "--subprocesses", "--duration",
             str(int(seconds)), "--rate", "200", "--format", "raw", "--output", str(raw),
             "--nonblocking", "--gil"], capture_output=True, text=True, check=False)
        cpu = _cpu_lines(before, _processes(server), seconds)
        loader.join()
        if completed.returncode != 0 or not raw.exists():
            message = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            out = PROFILES / f"{name}.txt"
            out.write_text(f"py-spy could not profile: {message}\n", encoding="utf-8")
            return out
        out = PROFILES / f"{name}.txt"
        rate = getattr(load.get("result"), "rate", 0.0)
        out.write_text(f"py-spy --gil, kg serve workers, GET {path[:120]}…, {seconds:g} s at "
                       f"{rate:,.0f} req/s\n\n{cpu}\n"
                       + summarize(raw.read_text(encoding="utf-8")), encoding="utf-8")
        return out


def summarize(collapsed: str, top: int = TOP) -> str:
    """Rank functions by samples from py-spy's collapsed stacks ("a;b;c count" per line)."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        samples = int(count)
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    lines = [f"{total:,} samples\n", "own time (where the samples were):"]
    lines += [f"{n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    lines += ["", "inclusive time (what the samples were inside of):"]
    lines += [f"{n / total:6.1%}  {frame}" for frame, n in inclusive.most_common(top * 2)]
    return "\n".join(lines) + "\n"


def profile_ingest(corpus: Path, scratch: Path) -> Path | None:
    """Run one ingest of the corpus in a fresh process under pyinstrument; write its call tree."""
    PROFILES.mkdir(parents=True, exist_ok=True)
    out = PROFILES / "ingest.txt"
    store = scratch / "profiled-store"
    shutil.rmtree(store, ignore_errors=True)
    command = [str(BIN / "python"), "-m", "pyinstrument", "--renderer", "text",
               "--outfile", str(out), "--no-color", "-m", "kg.cli", "--store", str(store),
               "ingest", "--jobs", "1", str(corpus)]  # in this process, where it is seen
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    shutil.rmtree(store, ignore_errors=True)
    if completed.returncode not in (0, 1) or not out.exists():  # 1: some articles rejected
        return None
    return out
