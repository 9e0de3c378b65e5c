# nicguard guest probe, output format v1 (Windows). Read-only: it only calls Get-* cmdlets,
# reads .NET's network view and the registry. Windows PowerShell 5.1 compatible (no ??, no
# ternary, no -Parallel); in-box modules only (NetAdapter, NetTCPIP, DnsClient). Format:
# docs/guest.md ("Probe output format v1").
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$utf8 = New-Object System.Text.UTF8Encoding $false
# Adapter names may be non-ASCII ("イーサネット"): write UTF-8 when there is a console to set.
try { [Console]::OutputEncoding = $utf8 } catch { }
# Run Command keeps the last 4,096 bytes; the markers and the end line need the rest.
$budget = 3950
$body = New-Object System.Text.StringBuilder
$script:bytes = 0
$script:lines = 0
$script:trunc = 0
$status = 'ok'

function Write-Record([string[]] $Fields) {
    $clean = foreach ($field in $Fields) {
        if ([string]::IsNullOrEmpty($field)) { '-' } else { $field -replace "[`t`r`n]", ' ' }
    }
    $record = $clean -join "`t"
    # The budget is in bytes of UTF-8, as Run Command counts them, not in characters.
    $size = $utf8.GetByteCount($record) + 1
    if ($script:bytes + $size -gt $budget) { $script:trunc = 1; return }
    [void]$body.Append($record).Append("`n")
    $script:bytes += $size
    $script:lines++
}

try {
    Write-Record 'H', $env:COMPUTERNAME
    # NetAdapter/NetTCPIP/DnsClient read CIM. Gather everything first: when WMI is stopped or
    # broken the cmdlets fail, and .NET's view (no WMI) is read instead, without duplicates.
    $cim = $null
    try {
        $cim = @{
            Adapters   = @(Get-NetAdapter)
            Addresses  = @(Get-NetIPAddress)
            Interfaces = @(Get-NetIPInterface -AddressFamily IPv4 -ErrorAction SilentlyContinue)
            Dns        = @(Get-DnsClientServerAddress -AddressFamily IPv4 -ErrorAction SilentlyContinue)
        }
    } catch {
        $cim = $null
    }
    $keys = @()  # (adapter name, interface GUID) pairs for the registry
    if ($null -ne $cim) {
        foreach ($adapter in $cim.Adapters) {
            $state = 'down'
            if ($adapter.Status -eq 'Up') { $state = 'up' }
            $guid = "$($adapter.InterfaceGuid)"
            Write-Record 'I', $adapter.Name, $adapter.MacAddress, $adapter.InterfaceDescription, '-', '-', $state, $guid
            if ($guid -ne '') { $keys += , @($adapter.Name, $guid) }
        }
        foreach ($address in $cim.Addresses) {
            Write-Record 'A', $address.InterfaceAlias, "$($address.IPAddress)/$($address.PrefixLength)", "$($address.PrefixOrigin)".ToLower()
        }
        foreach ($interface in $cim.Interfaces) {
            Write-Record 'K', $interface.InterfaceAlias, 'Dhcp', "$($interface.Dhcp)"
        }
        foreach ($dns in $cim.Dns) {
            if ($dns.ServerAddresses) { Write-Record 'D', $dns.InterfaceAlias, ($dns.ServerAddresses -join ',') }
        }
    } else {
        Write-Record 'X', 'note', 'cim-unavailable'
        $nics = @([System.Net.NetworkInformation.NetworkInterface]::GetAllNetworkInterfaces())
        foreach ($nic in $nics) {
            $mac = (@($nic.GetPhysicalAddress().GetAddressBytes()) | ForEach-Object { $_.ToString('X2') }) -join '-'
            $state = 'down'
            if ("$($nic.OperationalStatus)" -eq 'Up') { $state = 'up' }
            Write-Record 'I', $nic.Name, $mac, $nic.Description, '-', '-', $state, $nic.Id
            if ("$($nic.Id)" -ne '') { $keys += , @($nic.Name, "$($nic.Id)") }
        }
        foreach ($nic in $nics) {
            $properties = $nic.GetIPProperties()
            foreach ($unicast in $properties.UnicastAddresses) {
                # .NET's PrefixOrigin has NetTCPIP's names (Manual, Dhcp, WellKnown, ...).
                Write-Record 'A', $nic.Name, "$($unicast.Address)/$($unicast.PrefixLength)", "$($unicast.PrefixOrigin)".ToLower()
            }
            $ipv4 = $null
            try { $ipv4 = $properties.GetIPv4Properties() } catch { $ipv4 = $null }
            if ($null -ne $ipv4) {
                $dhcp = 'Disabled'
                if ($ipv4.IsDhcpEnabled) { $dhcp = 'Enabled' }
                Write-Record 'K', $nic.Name, 'Dhcp', $dhcp
            }
            $servers = @($properties.DnsAddresses | Where-Object { "$($_.AddressFamily)" -eq 'InterNetwork' } | ForEach-Object { "$_" })
            if ($servers.Count -gt 0) { Write-Record 'D', $nic.Name, ($servers -join ',') }
        }
    }
    $interfaces = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\Interfaces'
    foreach ($pair in $keys) {
        $key = Join-Path $interfaces $pair[1]
        if (-not (Test-Path -LiteralPath $key)) { continue }
        $values = Get-ItemProperty -LiteralPath $key
        # NameServer: static DNS (wins over DHCP when set); DhcpNameServer: what DHCP offered.
        foreach ($name in 'EnableDHCP', 'IPAddress', 'NameServer', 'DhcpIPAddress', 'DhcpNameServer') {
            $value = $values.$name
            if ($null -ne $value -and "$value" -ne '') { Write-Record 'K', $pair[0], $name, (@($value) -join ' ') }
        }
    }
} catch {
    $status = 'error:' + ($_.Exception.Message -replace "[`t`r`n]", ' ')
}
$end = "NICGUARD-PROBE-END`tv1`tstatus=$status`tlines=$($script:lines)`ttrunc=$($script:trunc)"
Write-Output ("NICGUARD-PROBE`tv1`twindows`n" + $body.ToString() + $end)
