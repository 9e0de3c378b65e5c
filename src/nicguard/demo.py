"""``make demo``: the whole product on the built-in example, without an Azure account.

1. Boots the local ARM server with ``examples/estate.yaml`` (live network-namespace guests
   when run as root with dnsmasq and dhclient, recorded guest outputs otherwise).
2. Previews the example stack with the policy pack through the analyzer protocol, once with
   a clean stack config and once with a deliberately broken one.
3. Runs ``nicguard drift`` against the estate with the example declaration manifest, prints
   the report and writes SARIF, JUnit, JSON and Markdown to ``out/``.

The demo succeeds when every step gives the exit code the example is built to give.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .cli import main as nicguard

EXAMPLES = Path("examples")
OUT = Path("out")
# (title, arguments after `nicguard`, the exit code the example is built to give)
PREVIEWS = (
    ("preview: the example stack as committed", ["--stack-config", "examples/Pulumi.offline.yaml"], 0),
    ("preview: the same stack, deliberately broken", ["--stack-config", "examples/Pulumi.broken.yaml"], 1),
)


def _banner(text: str) -> None:
    print(f"\n=== {text} " + "=" * max(0, 72 - len(text)), flush=True)


def _step(title: str, args: list[str], expected: int) -> bool:
    _banner(title)
    print("$ nicguard " + " ".join(args), flush=True)
    started = time.perf_counter()
    code = nicguard(args)
    print(f"(exit {code}, expected {expected}, {time.perf_counter() - started:.1f} s)", flush=True)
    return code == expected


def main() -> int:
    from .emulator.guests import preferred_guest_kind
    from .emulator.testing import running_emulator

    if not (EXAMPLES / "estate.yaml").exists():
        print("nicguard demo: run it from the repository root (examples/ not found)", file=sys.stderr)
        return 2
    (OUT / "emulator").mkdir(parents=True, exist_ok=True)
    results = [
        _step(title, ["preview", ".", *args, "--policy-pack", "policy_pack", "--output", f"json=out/{name}.json"], code)
        for (title, args, code), name in zip(PREVIEWS, ("preview-clean", "preview-broken"))
    ]
    guests = "live network-namespace guests" if preferred_guest_kind() == "live" else "recorded guest outputs"
    _banner(f"local ARM server: examples/estate.yaml with {guests}")
    with running_emulator(EXAMPLES / "estate.yaml", workdir=OUT / "emulator") as arm:
        subscription = ",".join(arm.store.subscriptions.values())
        print(f"endpoint {arm.endpoint}, CA {arm.ca_path}, subscription {subscription}")
        drift_args = [
            "drift", "--manifest", "examples/manifest.json", "--subscription", subscription,
            "--arm-endpoint", arm.endpoint, "--ca-bundle", str(arm.ca_path), "--poll-interval", "0.2",
            "--output", "sarif=out/drift.sarif", "--output", "junit=out/drift.junit.xml",
            "--output", "json=out/drift.json", "--output", "markdown=out/drift.md",
            "--sarif-anchor", "examples/manifest.json",
        ]  # fmt: skip
        results.append(_step("drift: declared vs Azure vs guest", drift_args, 1))
    _banner("done")
    print("reports written to out/: " + ", ".join(sorted(p.name for p in OUT.glob("*.*"))))
    if all(results):
        print("every step gave the exit code the example is built to give")
        return 0
    print("nicguard demo: a step gave an unexpected exit code (see above)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
