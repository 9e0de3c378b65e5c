"""``nicguard emulator`` prints where it listens and what CA to trust, and serves the SDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from azure.mgmt.compute import ComputeManagementClient

from nicguard.emulator.client import FakeCredential, client_kwargs

REPO = Path(__file__).resolve().parents[2]


def test_the_command_serves_an_estate_until_terminated(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "nicguard", "emulator", "--estate", str(REPO / "examples" / "estate.yaml"),
               "--ca-dir", str(tmp_path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            printed = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
            compute = ComputeManagementClient(
                FakeCredential(), printed["NICGUARD_ARM_SUBSCRIPTIONS"],
                **client_kwargs(printed["NICGUARD_ARM_ENDPOINT"], printed["NICGUARD_ARM_CA"]),
            )
            assert compute.virtual_machines.get("rg-nicguard-dev", "web1").name == "web1"
            assert printed["NICGUARD_ARM_CA"] == str(tmp_path / "ca.pem")
        finally:
            process.terminate()
        assert process.wait(timeout=10) == 0


def test_a_bad_estate_is_one_line_and_exit_2(tmp_path: Path) -> None:
    estate = tmp_path / "estate.yaml"
    estate.write_text("subscription: s\nresource_groups:\n  rg: {vnetz: {}}\n")
    done = subprocess.run([sys.executable, "-m", "nicguard", "emulator", "--estate", str(estate)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"nicguard: error: {estate}:3: resource_groups.rg.vnetz: "
                                   "unknown key (expected one of: location, vnets, holders, nics, vms)")


def test_wrong_flags_are_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    import pytest

    from nicguard.cli import main

    for argv, expected in (
        (["emulator", "--estate", "x", "--port", "70000"], "argument --port: must be 0-65535"),
        (["emulator"], "the following arguments are required: --estate"),
        (["drift", "--concurrency", "0"], "argument --concurrency: must be at least 1"),
        (["drift", "--manifest", "a", "--stack-export", "b"], "not allowed with argument --manifest"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        err = capsys.readouterr().err.strip().splitlines()
        assert exited.value.code == 2 and len(err) == 1 and expected in err[0] and err[0].endswith("--help)")
    assert main(["emulator", "--estate", str(REPO / "examples" / "estate.yaml"), "--ca-dir", "/proc/nope/x"]) == 2
    assert "--ca-dir /proc/nope/x: cannot create it" in capsys.readouterr().err
