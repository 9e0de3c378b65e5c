"""Guest changes (NG4xx) judged in the stack's context: the VM an extension or run command
targets, that VM's NICs, and the effective DNS Azure will hand it."""

from __future__ import annotations

import base64

from pulumi.runtime.proto import analyzer_pb2 as proto

from nicguard.policy.client import PackSession, StackIdentity
from nicguard.policy.config import parse_config_file

from .conftest import PACK_DIR
from .wire import by_policy, extension, nic, run_command, secret, stack, subnet_in, vm, vnet

CANARY = "CANARY-guest-2c81"
SET_DNS = 'powershell -Command "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses {}"'


def _estate(vnet_dns=("10.0.1.4",), address="10.0.1.10"):
    net = vnet(dns=vnet_dns)
    app = subnet_in(net)
    card = nic("web", address=address, via=app)
    machine = vm("web", [card])
    return [stack(), net, app, card, machine], machine


def _dns_diagnostics(response):
    return by_policy(response).get("script-sets-guest-dns", [])


def test_a_script_setting_other_dns_than_the_vnet_hands_out_is_a_mandatory_error(pack):
    resources, machine = _estate()
    [diagnostic] = _dns_diagnostics(pack.analyze_stack([*resources, extension("dns", machine, {"commandToExecute": SET_DNS.format("8.8.8.8")})]))
    assert diagnostic.enforcementLevel == proto.MANDATORY and diagnostic.severity == proto.POLICY_SEVERITY_HIGH
    assert diagnostic.urn.endswith("VirtualMachineExtension::dns")
    assert "10.0.1.4" in diagnostic.message and "[at settings.commandToExecute:1]" in diagnostic.message


def test_setting_exactly_what_azure_hands_out_is_an_advisory_warning(pack):
    resources, machine = _estate()
    [diagnostic] = _dns_diagnostics(pack.analyze_stack([*resources, extension("dns", machine, {"commandToExecute": SET_DNS.format("10.0.1.4")})]))
    assert diagnostic.enforcementLevel == proto.ADVISORY and diagnostic.severity == proto.POLICY_SEVERITY_MEDIUM


def test_the_same_script_is_judged_against_azure_dns_without_a_vnet_list(pack):
    resources, machine = _estate(vnet_dns=())
    response = pack.analyze_stack([*resources, extension("dns", machine, {"commandToExecute": SET_DNS.format("168.63.129.16")})])
    assert [d.severity for d in _dns_diagnostics(response)] == [proto.POLICY_SEVERITY_MEDIUM]


def test_a_dns_server_vm_pointing_at_itself_is_info(pack):
    resources, machine = _estate(vnet_dns=("10.0.1.4",), address="10.0.1.4")
    [diagnostic] = _dns_diagnostics(pack.analyze_stack([*resources, extension("dns", machine, {"commandToExecute": SET_DNS.format("127.0.0.1")})]))
    assert (diagnostic.severity, diagnostic.enforcementLevel) == (proto.POLICY_SEVERITY_LOW, proto.ADVISORY)


def test_an_extension_on_a_vm_outside_the_stack_is_judged_with_azure_defaults(pack):
    response = pack.analyze_stack([stack(), extension("dns", "vm-elsewhere", {"commandToExecute": SET_DNS.format("168.63.129.16")})])
    assert [d.severity for d in _dns_diagnostics(response)] == [proto.POLICY_SEVERITY_MEDIUM]


def test_a_run_command_setting_another_nics_address_is_an_error(pack):
    resources, machine = _estate()
    script = "New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.99 -PrefixLength 24"
    [diagnostic] = by_policy(pack.analyze_stack([*resources, run_command("ip", machine, script)]))["script-changes-guest-ip"]
    assert diagnostic.enforcementLevel == proto.MANDATORY
    assert diagnostic.urn.endswith("VirtualMachineRunCommandByVirtualMachine::ip")


def test_a_run_command_taking_another_vms_nic_address_is_an_ip_conflict(pack):
    resources, web = _estate()
    _, _, app, *_ = resources
    api_nic = nic("api", address="10.0.1.11", via=app)
    api = vm("api", [api_nic])
    take = "New-NetIPAddress -InterfaceAlias Ethernet -IPAddress {} -PrefixLength 24"
    changes = [run_command(f"take-{last}", web, take.format(f"10.0.1.{last}")) for last in (10, 11, 12)]
    [conflict] = by_policy(pack.analyze_stack([*resources, api_nic, api, *changes]))["guest-ip-owned-by-other-nic"]
    assert conflict.urn.endswith("VirtualMachineRunCommandByVirtualMachine::take-11")
    assert conflict.enforcementLevel == proto.MANDATORY
    assert "uses 10.0.1.11, which api/ipconfig1 [declared] holds" in conflict.message
    assert "[at source.script:1]" in conflict.message


def test_custom_data_on_the_vm_itself_is_scanned(pack):
    resources, machine = _estate()
    boot = base64.b64encode(b"#!/bin/bash\necho 'nameserver 8.8.8.8' > /etc/resolv.conf\nchattr +i /etc/resolv.conf\n").decode()
    machine.inputs["osProfile"] = {"customData": boot}
    found = by_policy(pack.analyze_stack(resources))
    assert [d.urn for d in found["script-sets-guest-dns"]] == [machine.urn]
    assert [d.urn for d in found["script-locks-resolv-conf"]] == [machine.urn]


def test_secret_scripts_are_judged_but_never_quoted(pack):
    resources, machine = _estate()
    command = f'netsh interface ip set dns name="Ethernet" static 10.9.9.9 & echo {CANARY}'
    boot = base64.b64encode(f"#!/bin/bash\n# {CANARY}\necho 'nameserver 8.8.4.4' > /etc/resolv.conf\n".encode()).decode()
    machine.inputs["osProfile"] = {"customData": secret(boot)}
    response = pack.analyze_stack([*resources, extension("dns", machine, protected={"commandToExecute": secret(command)})])
    assert len(_dns_diagnostics(response)) == 2
    assert all(CANARY not in d.message for d in response.diagnostics)


def test_each_override_is_reported_once(pack):
    resources, machine = _estate()
    change = extension("dns", machine, {"commandToExecute": SET_DNS.format("8.8.8.8")})
    assert not any(d.policyName.startswith("script-") for d in pack.analyze(change).diagnostics)
    assert len(_dns_diagnostics(pack.analyze_stack([*resources, change]))) == 1


def test_allowed_dns_servers_are_info():
    resources, machine = _estate()
    change = extension("dns", machine, {"commandToExecute": SET_DNS.format("10.0.9.9")})
    with PackSession(PACK_DIR, StackIdentity()) as session:
        session.configure(parse_config_file({"script-sets-guest-dns": {"allowedDnsServers": ["10.0.9.9"]}}))
        [diagnostic] = _dns_diagnostics(session.analyze_stack([*resources, change]))
    assert (diagnostic.severity, diagnostic.enforcementLevel) == (proto.POLICY_SEVERITY_LOW, proto.ADVISORY)
