import random

from nicguard.core.conflicts import AddressClaim, Layer, index_claims
from nicguard.core.engine import evaluate
from nicguard.core.net import parse_ip, parse_prefix
from nicguard.rules.conflicts import RULES


def claim(subnet, address, owner, layer=Layer.AZURE):
    return AddressClaim(subnet, parse_ip(address), owner, layer, owner)


def test_subnets_group_case_insensitively_and_sort_by_address():
    views = index_claims(
        [claim("/S/A", "10.0.0.9", "n1"), claim("/s/a", "10.0.0.5", "n2"), claim("/s/b", "10.0.1.5", "n3")],
        {"/s/A": (parse_prefix("10.0.0.0/24"),)},
    )
    assert [len(v.claims) for v in views] == [2, 1]
    assert [str(c.address) for c in views[0].claims] == ["10.0.0.5", "10.0.0.9"]
    assert views[0].prefixes == (parse_prefix("10.0.0.0/24"),)


def test_index_finds_the_same_duplicates_as_a_pairwise_check():
    rng = random.Random(7)
    claims = [
        claim(f"/s/{rng.randrange(5)}", f"10.0.0.{rng.randrange(4, 40)}", f"nic-{i}") for i in range(300)
    ]
    prefixes = {f"/s/{i}": (parse_prefix("10.0.0.0/24"),) for i in range(5)}
    findings = evaluate([r() for r in RULES], index_claims(claims, prefixes))
    flagged = {(f.subject, f.key) for f in findings if f.rule_id == "NG101"}
    pairwise = {
        (a.subject, str(a.address))
        for a in claims
        for b in claims
        if a is not b and a.subnet_id == b.subnet_id and a.address == b.address
    }
    assert flagged == pairwise
