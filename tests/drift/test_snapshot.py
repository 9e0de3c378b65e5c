"""Snapshots: a bundle survives the round trip; bad files are one-line input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nicguard.drift.snapshot import SNAPSHOT_SCHEMA, read_snapshot, snapshot_data, write_snapshot
from nicguard.errors import InputError

from .planted import planted_bundle


def test_round_trip_keeps_every_part(tmp_path: Path) -> None:
    bundle, _ = planted_bundle()
    path = tmp_path / "snap" / "estate.json"
    write_snapshot(bundle, path)
    again = read_snapshot(path)
    assert again.arm == bundle.arm
    assert again.guests == bundle.guests
    assert again.declared == bundle.declared
    assert (again.created, again.cloud) == (bundle.created, bundle.cloud)
    assert json.loads(path.read_text())["schema"] == SNAPSHOT_SCHEMA


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema="nicguard.drift-snapshot/v0"), "schema"),
        (lambda d: d["arm"].update(networkInterfaces=[{"name": "no id"}]), "arm.networkInterfaces"),
        (lambda d: d["guests"].update({"vm": {"stdout": 3}}), "guests"),
        (lambda d: d.update(declared=[{"name": 1}]), "declared"),
    ],
)
def test_bad_snapshots_name_the_problem(tmp_path: Path, mutate, message: str) -> None:
    bundle, _ = planted_bundle()
    data = snapshot_data(bundle)
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match=message):
        read_snapshot(path)


def test_a_pasted_guest_output_and_azure_only_mode_are_accepted(tmp_path: Path) -> None:
    data = {"schema": SNAPSHOT_SCHEMA, "arm": {}, "guests": {"/x/vm": {"stdout": "pasted"}}, "declared": None}
    path = tmp_path / "min.json"
    path.write_text(json.dumps(data))
    bundle = read_snapshot(path)
    assert bundle.guests["/x/vm"].stdout == "pasted" and bundle.declared is None
