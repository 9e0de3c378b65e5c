"""Linux guests built from network namespaces: the test bed for the real probe.

A guest is two namespaces joined by a veth pair. The "fabric" namespace plays Azure's
DHCP with dnsmasq: one reserved address per MAC, a DNS-server option, an infinite
lease. The "guest" namespace takes its lease with ISC dhclient, whose hook sets the
address without a lifetime (as Azure guests show it: ``valid_lft forever``) and writes
``etc/resolv.conf`` under the guest's own root folder. Every configuration file the
probe reads lives under that folder, handed to the probe as ``NICGUARD_ROOT``.

    with LinuxGuest.start(NicSpec(mac="00:0d:3a:aa:bb:01", address="10.0.0.5")) as guest:
        stdout, stderr = guest.run(probe_script("linux"), timeout=10)

Used by the tests and by the local ARM emulator, whose ``live`` guests come from
``guest_backend(options, base_dir)``: a guest built for each Run Command script. Needs
root, iproute2, dnsmasq and dhclient (``missing_tools()``). Namespace names carry the
process id, and everything started is stopped by its PID.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REQUIRED_TOOLS = ("ip", "dnsmasq", "dhclient")
READY_TIMEOUT = 5.0
_counter = itertools.count()

# dhclient runs its hook with an empty environment, so the root folder is written into
# the hook; the namespace check keeps a stray run from touching the host's resolver.
_HOOK = """#!/bin/sh
root='{root}'
ip netns identify "$$" | grep -qx '{namespace}' || exit 1
case $reason in
  BOUND|RENEW|REBIND|REBOOT)
    ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface"
    [ -n "$new_routers" ] && ip route replace default via "${{new_routers%% *}}" dev "$interface" proto dhcp
    {{
      [ -n "$new_domain_name" ] && echo "search $new_domain_name"
      for server in $new_domain_name_servers; do echo "nameserver $server"; done
    }} > "$root/etc/resolv.conf.dhcp" && cat "$root/etc/resolv.conf.dhcp" > "$root/etc/resolv.conf"
    rm -f "$root/etc/resolv.conf.dhcp"
    ;;
esac
exit 0
"""


class TestBedError(RuntimeError):
    """The test bed could not be built (a tool failed or timed out)."""


@dataclass(frozen=True)
class NicSpec:
    mac: str = "00:0d:3a:aa:bb:01"
    address: str = "10.0.0.5"  # what "Azure" reserves for the MAC
    dns_servers: tuple[str, ...] = ("168.63.129.16",)
    name: str = "eth0"
    prefix_length: int = 24

    @property
    def subnet(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(f"{self.address}/{self.prefix_length}", strict=False)

    @property
    def gateway(self) -> str:
        """The fabric's address: the subnet's first host, Azure's default gateway too."""
        return str(self.subnet.network_address + 1)


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]


class LinuxGuest:
    """A running guest; use ``start`` as a context manager, or call ``close``."""

    def __init__(self, nic: NicSpec) -> None:
        tag = f"{os.getpid()}x{next(_counter)}"
        self.nic = nic
        self.fabric = f"ngfab{tag}"
        self.namespace = f"ngvm{tag}"
        self.root = Path(tempfile.mkdtemp(prefix=f"nicguard-guest-{tag}-"))
        self._work = Path(tempfile.mkdtemp(prefix=f"nicguard-fabric-{tag}-"))
        self._dnsmasq: subprocess.Popen | None = None
        self._namespaces: list[str] = []
        self._extra_links: list[str] = []

    @classmethod
    def start(cls, nic: NicSpec | None = None) -> LinuxGuest:
        guest = cls(nic or NicSpec())
        try:
            guest._build()
        except BaseException:
            guest.close()
            raise
        return guest

    def __enter__(self) -> LinuxGuest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what a caller does with a guest ------------------------------------------------

    def run(self, script: str, timeout: float) -> tuple[str, str]:
        """Run a shell script inside the guest (as Run Command does), with NICGUARD_ROOT set;
        TimeoutError past ``timeout``."""
        command = ["ip", "netns", "exec", self.namespace, "env", f"NICGUARD_ROOT={self.root}", "sh", "-c", script]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise TimeoutError(f"the script ran longer than {timeout} s") from None
        return done.stdout, done.stderr

    def ip(self, *args: str) -> str:
        """``ip -n <guest> ...`` for setting a scenario up (never part of the probe)."""
        return _run(["ip", "-n", self.namespace, *args])

    def write(self, path: str, text: str) -> Path:
        """A configuration file under the guest's root, e.g. ``write("etc/netplan/50-cloud-init.yaml", ...)``."""
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def add_link(self, name: str, mac: str) -> None:
        """Another link to the fabric, up, with no DHCP and no address: a second NIC of a
        multi-NIC VM, or an accelerated-networking twin (same MAC as a NIC)."""
        fabric_end = f"peer{len(self._extra_links)}"
        _run(
            [
                "ip",
                "-n",
                self.fabric,
                "link",
                "add",
                fabric_end,
                "type",
                "veth",
                "peer",
                "name",
                name,
                "netns",
                self.namespace,
            ]
        )
        _run(["ip", "-n", self.fabric, "link", "set", fabric_end, "up"])
        self.ip("link", "set", name, "address", mac)
        self.ip("link", "set", name, "up")
        self._extra_links.append(name)

    def set_dns(self, servers: Sequence[str]) -> None:
        """Change what "Azure" hands out; the guest keeps its lease until ``renew``."""
        self.nic = NicSpec(self.nic.mac, self.nic.address, tuple(servers), self.nic.name)
        self._stop_dnsmasq()
        self._start_dnsmasq()

    def renew(self) -> None:
        """What ``dhclient -r && dhclient`` does on a VM: a fresh lease from the fabric."""
        self._stop_dhclient()
        self._take_lease()

    def close(self) -> None:
        self._stop_dhclient()
        self._stop_dnsmasq()
        for namespace in reversed(self._namespaces):
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True, check=False)
        self._namespaces.clear()
        for folder in (self.root, self._work):
            _unfreeze(folder)
            shutil.rmtree(folder, ignore_errors=True)

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        for namespace in (self.fabric, self.namespace):
            _run(["ip", "netns", "add", namespace])
            self._namespaces.append(namespace)
        nic = self.nic
        _run(
            [
                "ip",
                "-n",
                self.fabric,
                "link",
                "add",
                "eth0",
                "type",
                "veth",
                "peer",
                "name",
                nic.name,
                "netns",
                self.namespace,
            ]
        )
        _run(["ip", "-n", self.fabric, "addr", "add", f"{nic.gateway}/{nic.prefix_length}", "dev", "eth0"])
        for namespace, name in ((self.fabric, "eth0"), (self.fabric, "lo"), (self.namespace, "lo")):
            _run(["ip", "-n", namespace, "link", "set", name, "up"])
        self.ip("link", "set", nic.name, "address", nic.mac)
        self.ip("link", "set", nic.name, "up")
        for folder in ("etc", "var/lib/dhcp", "run"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        hook = self._work / "dhclient-hook"
        hook.write_text(_HOOK.format(root=self.root, namespace=self.namespace), encoding="utf-8")
        hook.chmod(0o700)
        self._start_dnsmasq()
        self._take_lease()

    def _start_dnsmasq(self) -> None:
        log = self._work / "dnsmasq.log"
        log.write_text("", encoding="utf-8")
        nic = self.nic
        command = [
            "ip", "netns", "exec", self.fabric, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
            f"--log-facility={log}", "--interface=eth0", "--bind-interfaces", "--dhcp-authoritative", "--no-ping",
            f"--dhcp-range={nic.gateway},static,{nic.subnet.netmask},infinite",
            f"--dhcp-host={nic.mac},{nic.address},infinite",
            f"--dhcp-option=option:router,{nic.gateway}",
            f"--dhcp-option=option:dns-server,{','.join(nic.dns_servers)}",
            "--dhcp-option=option:domain-name,reddog.microsoft.com",
            f"--dhcp-leasefile={self._work / 'dnsmasq.leases'}",
        ]  # fmt: skip
        # `ip netns exec` execs without forking: the PID is dnsmasq's own.
        self._dnsmasq = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait_for(lambda: "sockets bound" in log.read_text(encoding="utf-8") or self._dnsmasq.poll() is not None)
        if self._dnsmasq.poll() is not None:
            raise TestBedError(f"dnsmasq exited: {self._dnsmasq.stderr.read().strip()}")

    def _take_lease(self) -> None:
        nic = self.nic
        _run(
            [
                "ip",
                "netns",
                "exec",
                self.namespace,
                "dhclient",
                "-4",
                "-1",
                "-sf",
                str(self._work / "dhclient-hook"),
                "-pf",
                str(self._work / "dhclient.pid"),
                "-lf",
                str(self.root / f"var/lib/dhcp/dhclient.{nic.name}.leases"),
                nic.name,
            ],  # fmt: skip
            timeout=15,
        )

    def _stop_dhclient(self) -> None:
        pid_file = self._work / "dhclient.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip() or 0)
        pid_file.unlink()
        if pid > 0:
            # SIGKILL: dhclient takes about 1.2 s to exit on SIGTERM, and a VM keeps its lease anyway.
            _signal(pid, signal.SIGKILL)

    def _stop_dnsmasq(self) -> None:
        if self._dnsmasq is None:
            return
        _signal(self._dnsmasq.pid, signal.SIGTERM)
        try:
            self._dnsmasq.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _signal(self._dnsmasq.pid, signal.SIGKILL)
            self._dnsmasq.wait(timeout=5)
        self._dnsmasq.stderr.close()
        self._dnsmasq = None


def _run(command: list[str], timeout: float = 10) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise TestBedError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return done.stdout


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _wait_for(ready, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TestBedError(f"not ready after {timeout} s")
        time.sleep(0.01)


def _unfreeze(folder: Path) -> None:
    """Undo ``chattr +i`` a scenario may have set, or the folder cannot be removed."""
    if folder.exists() and shutil.which("chattr"):
        subprocess.run(["chattr", "-R", "-i", str(folder)], capture_output=True, check=False)


LIVE_OPTIONS = ("mac", "address", "dns_servers", "files", "setup")


@dataclass(frozen=True)
class EphemeralGuest:
    """A guest built for each script and torn down after it: what the local ARM emulator's
    ``live`` guests are, so a server that stops without notice leaves no namespace behind."""

    nic: NicSpec
    files: tuple[tuple[str, str], ...] = ()  # (path under the guest's root, text)
    setup: tuple[str, ...] = ()  # shell lines run in the guest before the script

    def run(self, script: str, timeout: float) -> tuple[str, str]:
        with LinuxGuest.start(self.nic) as guest:
            for path, text in self.files:
                guest.write(path, text)
            for line in self.setup:
                _, error = guest.run(f"set -e; {line}", timeout)
                if error:
                    raise TestBedError(f"setup {line!r} failed: {error.strip()}")
            return guest.run(script, timeout)


def guest_backend(options: Mapping[str, Any], base_dir: Path) -> EphemeralGuest:
    """The emulator's ``live: {...}`` guest: ``mac``, ``address`` (what the fabric's DHCP
    reserves for the MAC; match the VM's NIC), ``dns_servers``, ``files`` ({path under the
    guest's root: text}) and ``setup`` (shell lines run in the guest first, e.g.
    ``ip addr add 10.0.0.50/24 dev eth0``). ``base_dir`` is unused: everything is inline.
    Raises ValueError on a bad option, for the estate loader to place."""
    unknown = sorted(set(options) - set(LIVE_OPTIONS))
    if unknown:
        raise ValueError(f"live guest: unknown option {', '.join(unknown)}; known: {', '.join(LIVE_OPTIONS)}")
    files, setup = options.get("files") or {}, options.get("setup") or []
    if not isinstance(files, Mapping) or not all(isinstance(v, str) for v in files.values()):
        raise ValueError("live guest: files must map a path to its text")
    if not isinstance(setup, list) or not all(isinstance(line, str) for line in setup):
        raise ValueError("live guest: setup must be a list of shell lines")
    defaults = NicSpec()
    dns = options.get("dns_servers", defaults.dns_servers)
    nic = NicSpec(
        mac=str(options.get("mac", defaults.mac)).replace("-", ":").lower(),
        address=str(options.get("address", defaults.address)),
        dns_servers=tuple(str(s) for s in (dns if isinstance(dns, list | tuple) else [dns])),
    )
    return EphemeralGuest(nic, tuple((str(k), v) for k, v in files.items()), tuple(setup))
