import json
from collections.abc import Iterator

import pytest

from nicguard.core.engine import evaluate
from nicguard.core.findings import Category, Report, Severity, Status, exit_code
from nicguard.core.model import AzureIpConfig, AzureNic, AllocationMethod, NicOrigin
from nicguard.core.net import parse_ip
from nicguard.core.serde import from_data, to_data
from nicguard.core.unknown import UNKNOWN, is_known
from nicguard.rules.base import Rule, Violation


class _Crashes(Rule):
    """Always crashes.

    **Why it matters** test. **Non-compliant** x. **Compliant** y. **References** z.
    """

    id = "NG999"
    name = "always-crashes"
    category = Category.UNMANAGED
    severity = Severity.WARNING
    subject_type = NicOrigin
    remediation = "none"

    def check(self, subject, settings) -> Iterator[Violation]:
        raise RuntimeError("boom")


def test_a_crashing_rule_becomes_an_unknown_finding():
    [finding] = evaluate([_Crashes()], [NicOrigin("nic-1")])
    assert finding.status is Status.UNKNOWN and "boom" in finding.message and finding.subject == "nic-1"


def test_bad_rule_metadata_fails_at_definition():
    with pytest.raises(TypeError, match="kebab-case"):

        class _Bad(Rule):  # noqa: F841
            """Bad.

            **Why it matters** **Non-compliant** **Compliant** **References**
            """

            id = "NG998"
            name = "Not_Kebab"
            category = Category.UNMANAGED
            severity = Severity.INFO
            subject_type = NicOrigin
            remediation = "x"


def test_unknown_has_no_truth_value():
    with pytest.raises(TypeError):
        bool(UNKNOWN)
    assert not is_known(UNKNOWN) and is_known(None)


def test_azure_nic_round_trips_through_json():
    nic = AzureNic(
        id="/s/nic", name="nic", mac="00:0d:3a:00:00:01",
        ip_configurations=(AzureIpConfig("/s/nic/ip", "ip", parse_ip("10.0.0.4"), AllocationMethod.STATIC, "/s/sn", True),),
        dns_servers=("10.0.0.5",), applied_dns_servers=(parse_ip("10.0.0.5"),), tags={"a": "b"},
    )
    assert from_data(json.loads(json.dumps(to_data(nic))), AzureNic) == nic


def test_bad_data_names_the_path():
    with pytest.raises(ValueError, match=r"ip_configurations"):
        from_data({"id": "x", "name": "y", "mac": None, "ip_configurations": [{"address": "nope"}]}, AzureNic)


def test_exit_codes():
    from nicguard.core.findings import Finding

    def finding(severity, status=Status.FAIL):
        return Finding("NG101", "duplicate-private-ip", Category.IP_CONFLICT, severity, status, "s", "m", "r")

    def code(*findings, fail_on=Severity.ERROR, unknown=False):
        return exit_code(Report("nicguard", "0", findings), fail_on, unknown)

    assert code() == 0
    assert code(finding(Severity.ERROR)) == 1
    assert code(finding(Severity.WARNING)) == 0
    assert code(finding(Severity.WARNING), fail_on=Severity.WARNING) == 1
    assert code(finding(Severity.ERROR, Status.SUPPRESSED)) == 0
    assert code(finding(Severity.ERROR, Status.UNKNOWN)) == 0
    assert code(finding(Severity.ERROR, Status.UNKNOWN), unknown=True) == 2
    assert code(finding(Severity.ERROR), finding(Severity.ERROR, Status.UNKNOWN), unknown=True) == 1


def test_findings_sort_lines_numerically():
    from nicguard.core.findings import Finding, sort_findings

    def at(subject):
        return Finding("NG402", "script-sets-guest-dns", Category.GUEST_DNS_OVERRIDE, Severity.ERROR,
                       Status.FAIL, subject, "m", "r")

    ordered = sort_findings([at("b.sh:11"), at("B.sh:6"), at("a.sh:100"), at("a.sh:9")])
    assert [f.subject for f in ordered] == ["a.sh:9", "a.sh:100", "B.sh:6", "b.sh:11"]
