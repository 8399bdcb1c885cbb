"""The commands that read big tables allocate pyarrow's memory from the pool settings name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import settings
from geomap.cli import cli

POOL_IN_A_FRESH_PROCESS = """
import sys
import pyarrow as pa
from geomap.cli.memory import use_command_memory_pool
if sys.argv[1] == "switch":
    use_command_memory_pool()
print(pa.default_memory_pool().backend_name)
"""


def pool_after_switch(switch: str = "switch", **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != settings.ARROW_POOL_ENV} | env
    done = subprocess.run([sys.executable, "-c", POOL_IN_A_FRESH_PROCESS, switch],
                          env=environment, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_command_switches_to_jemalloc_where_pyarrow_has_it() -> None:
    import pyarrow as pa

    has_jemalloc = "jemalloc" in pa.supported_memory_backends()
    assert pool_after_switch() == ("jemalloc" if has_jemalloc else pool_after_switch("no"))


def test_the_pool_pyarrow_is_told_to_use_stays() -> None:
    assert pool_after_switch(**{settings.ARROW_POOL_ENV: "system"}) == "system"


@pytest.mark.parametrize("command", ["build", "layers"])
def test_build_and_layers_switch_the_pool(command: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    module = __import__(f"geomap.cli.{command}", fromlist=["use_command_memory_pool"])
    monkeypatch.setattr(module, "use_command_memory_pool", lambda: calls.append(command))
    missing = tmp_path / "missing.csv"
    missing.write_text("event_id_cnty\n", encoding="utf-8")  # no events: the build fails
    output = tmp_path / ("m.html" if command == "build" else "out")
    result = CliRunner().invoke(cli, [command, str(missing), "-o", str(output)])
    assert calls == [command] and result.exit_code != 0
