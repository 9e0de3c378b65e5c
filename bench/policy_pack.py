"""AnalyzeStack on 10,000 NICs in 100 subnets through the real gRPC path: nicguard's pack
against an empty pack (one no-op stack policy, the stock SDK servicer), same request.

    .venv/bin/python bench/policy_pack.py [--nics 10000] [--subnets 100] [--runs 7]

Budget: nicguard's median at most 1.25x the empty pack's. The NICs are preview-shaped:
subnet ids unknown, each NIC linked to its Subnet through propertyDependencies.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from nicguard.policy.client import PackSession, Resource, analyze_stack_request

REPO = Path(__file__).resolve().parents[1]
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
STACK_URN = "urn:pulumi:bench::bench::pulumi:pulumi:Stack::bench-bench"
BUDGET = 1.25


def stack_resources(nics: int, subnets: int) -> list[Resource]:
    resources = [Resource(urn=STACK_URN, type="pulumi:pulumi:Stack", name="bench-bench")]
    per_subnet = -(-nics // subnets)
    for s in range(subnets):
        subnet_urn = f"urn:pulumi:bench::bench::azure-native:network:Subnet::s{s}"
        resources.append(
            Resource(
                urn=subnet_urn,
                type="azure-native:network:Subnet",
                name=f"s{s}",
                inputs={"addressPrefix": f"10.{s // 250}.{s % 250}.0/24", "virtualNetworkName": "vnet", "id": UNKNOWN},
                parent=STACK_URN,
            )
        )
        for n in range(min(per_subnet, nics - s * per_subnet)):
            name = f"nic-{s}-{n}"
            resources.append(
                Resource(
                    urn=f"urn:pulumi:bench::bench::nicguard:network:StaticNic$azure-native:network:NetworkInterface::{name}",
                    type="azure-native:network:NetworkInterface",
                    name=name,
                    inputs={
                        "resourceGroupName": "rg",
                        "location": "westeurope",
                        "ipConfigurations": [
                            {
                                "name": "ipconfig1",
                                "primary": True,
                                "privateIPAddress": f"10.{s // 250}.{s % 250}.{n + 4}",
                                "privateIPAddressVersion": "IPv4",
                                "privateIPAllocationMethod": "Static",
                                "subnet": {"id": UNKNOWN},
                            }
                        ],
                        "dnsSettings": {"dnsServers": ["10.0.0.4", "10.0.0.5"]},
                        "tags": {"managed-by": "nicguard"},
                    },
                    parent=f"urn:pulumi:bench::bench::nicguard:network:StaticNic::{name}",
                    property_dependencies={"ipConfigurations": [subnet_urn], "resourceGroupName": []},
                )
            )
    return resources


EMPTY_PACK = textwrap.dedent(
    """
    from pulumi_policy import PolicyPack, StackValidationPolicy

    PolicyPack("empty", [StackValidationPolicy("noop", "does nothing", validate=lambda args, report: None)])
    """
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nics", type=int, default=10_000)
    parser.add_argument("--subnets", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    request = analyze_stack_request(stack_resources(args.nics, args.subnets))
    print(f"request: {len(request.resources)} resources, {request.ByteSize() / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        empty_dir = Path(tmp)
        (empty_dir / "PulumiPolicy.yaml").write_text("runtime: python\n")
        (empty_dir / "__main__.py").write_text(EMPTY_PACK)
        with PackSession(empty_dir) as empty, PackSession(REPO / "policy_pack") as ours:
            empty.configure()
            ours.configure()
            diagnostics = len(ours.stub.AnalyzeStack(request).diagnostics)
            empty.stub.AnalyzeStack(request)  # warm both once
            times: dict[str, list[float]] = {"empty": [], "nicguard": []}
            for _ in range(args.runs):  # interleaved, so drift in the machine hits both alike
                for label, session in (("empty", empty), ("nicguard", ours)):
                    start = time.perf_counter()
                    session.stub.AnalyzeStack(request)
                    times[label].append(time.perf_counter() - start)
    medians = {label: statistics.median(values) for label, values in times.items()}
    ratio = medians["nicguard"] / medians["empty"]
    for label, values in times.items():
        print(f"{label:9} median {medians[label]:.3f} s  (runs: {', '.join(f'{v:.3f}' for v in values)})")
    print(f"ratio    {ratio:.2f} (budget {BUDGET:.2f}); nicguard reported {diagnostics} diagnostics")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
