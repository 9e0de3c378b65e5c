"""Benchmark the conflict index: 1,000,000 claims over 1,000 subnets, and a naive pairwise
check on 10,000 claims for comparison (the issue's baseline).

    .venv/bin/python bench/conflicts.py [--runs 3] [--claims 1000000] [--subnets 1000]

Prints the median wall time of several runs for: building the index, running the NG1xx rules
over it, the same on the 10,000-claim sample, and the naive pairwise duplicate check.
"""

from __future__ import annotations

import argparse
import ipaddress
import random
import statistics
import time

from nicguard.core.conflicts import AddressClaim, Layer, index_claims
from nicguard.core.engine import evaluate
from nicguard.rules.conflicts import RULES

LAYERS = (Layer.DECLARED, Layer.AZURE, Layer.GUEST)


def make_claims(count: int, subnets: int, seed: int = 1) -> tuple[list[AddressClaim], dict]:
    rng = random.Random(seed)
    per_subnet = max(count // subnets, 1)
    prefixes = {}
    claims = []
    for s in range(subnets):
        # A /20 per subnet: room for ~1,000 claims with a few collisions and reserved hits.
        network = ipaddress.IPv4Network((0x0A000000 + (s << 12), 20))
        subnet_id = f"/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v{s // 50}/subnets/s{s}"
        prefixes[subnet_id] = (network,)
        base = int(network.network_address)
        for i in range(per_subnet):
            offset = rng.randrange(0, 4300)  # a little past the /20: some claims fall outside
            owner = f"{subnet_id}/nic{i}"
            claims.append(
                AddressClaim(subnet_id, ipaddress.IPv4Address(base + offset), owner, LAYERS[i % 3], owner)
            )
    return claims, prefixes


def run_index(claims, prefixes) -> int:
    rules = [rule() for rule in RULES]
    return len(evaluate(rules, index_claims(claims, prefixes)))


def naive_duplicates(claims) -> int:
    found = 0
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if a.address == b.address and a.subnet_id.lower() == b.subnet_id.lower() and a.owner != b.owner:
                found += 1
    return found


def median_time(fn, *args, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--subnets", type=int, default=1_000)
    parser.add_argument("--naive-claims", type=int, default=10_000)
    args = parser.parse_args()

    big, big_prefixes = make_claims(args.claims, args.subnets)
    small, small_prefixes = make_claims(args.naive_claims, 10, seed=2)
    big_time, big_findings = median_time(run_index, big, big_prefixes, runs=args.runs)
    small_time, small_findings = median_time(run_index, small, small_prefixes, runs=args.runs)
    naive_time, naive_pairs = median_time(naive_duplicates, small, runs=max(1, args.runs // 2))
    print(f"index + NG1xx rules, {len(big):,} claims / {args.subnets:,} subnets: {big_time:.2f} s median "
          f"({big_findings:,} findings)")
    print(f"index + NG1xx rules, {len(small):,} claims: {small_time * 1000:.0f} ms median ({small_findings:,} findings)")
    print(f"naive pairwise duplicates, {len(small):,} claims: {naive_time:.2f} s median ({naive_pairs:,} pairs)")
    print(f"ratio naive/index on {len(small):,} claims: {naive_time / small_time:.0f}x; "
          f"per-claim cost 1M vs 10k: {(big_time / len(big)) / (small_time / len(small)):.2f}x")


if __name__ == "__main__":
    main()
