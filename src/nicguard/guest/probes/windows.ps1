# nicguard guest probe, output format v1 (Windows). Read-only: it only calls Get-* cmdlets
# and reads the registry. Windows PowerShell 5.1 compatible; in-box modules only
# (NetAdapter, NetTCPIP, DnsClient). Format: docs/guest.md ("Probe output format v1").
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# Run Command keeps the last 4,096 bytes; the markers and the end line need the rest.
$budget = 3950
$body = New-Object System.Text.StringBuilder
$script:lines = 0
$script:trunc = 0
$status = 'ok'

function Write-Record([string[]] $Fields) {
    $clean = foreach ($field in $Fields) {
        if ([string]::IsNullOrEmpty($field)) { '-' } else { $field -replace "[`t`r`n]", ' ' }
    }
    $record = $clean -join "`t"
    if ($body.Length + $record.Length + 1 -gt $budget) { $script:trunc = 1; return }
    [void]$body.Append($record).Append("`n")
    $script:lines++
}

try {
    Write-Record 'H', $env:COMPUTERNAME
    $adapters = @(Get-NetAdapter)
    foreach ($adapter in $adapters) {
        $state = if ($adapter.Status -eq 'Up') { 'up' } else { 'down' }
        Write-Record 'I', $adapter.Name, $adapter.MacAddress, $adapter.InterfaceDescription, '-', '-', $state, $adapter.InterfaceGuid
    }
    foreach ($address in @(Get-NetIPAddress)) {
        Write-Record 'A', $address.InterfaceAlias, "$($address.IPAddress)/$($address.PrefixLength)", "$($address.PrefixOrigin)".ToLower()
    }
    foreach ($interface in @(Get-NetIPInterface -AddressFamily IPv4)) {
        Write-Record 'K', $interface.InterfaceAlias, 'Dhcp', "$($interface.Dhcp)"
    }
    foreach ($dns in @(Get-DnsClientServerAddress -AddressFamily IPv4)) {
        if ($dns.ServerAddresses) { Write-Record 'D', $dns.InterfaceAlias, ($dns.ServerAddresses -join ',') }
    }
    $interfaces = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\Interfaces'
    foreach ($adapter in $adapters) {
        $key = Join-Path $interfaces $adapter.InterfaceGuid
        if (-not (Test-Path -LiteralPath $key)) { continue }
        $values = Get-ItemProperty -LiteralPath $key
        # NameServer: static DNS (wins over DHCP when set); DhcpNameServer: what DHCP offered.
        foreach ($name in 'EnableDHCP', 'IPAddress', 'NameServer', 'DhcpIPAddress', 'DhcpNameServer') {
            $value = $values.$name
            if ($null -ne $value -and "$value" -ne '') { Write-Record 'K', $adapter.Name, $name, (@($value) -join ' ') }
        }
    }
} catch {
    $status = 'error:' + ($_.Exception.Message -replace "[`t`r`n]", ' ')
}
$end = "NICGUARD-PROBE-END`tv1`tstatus=$status`tlines=$($script:lines)`ttrunc=$($script:trunc)"
Write-Output ("NICGUARD-PROBE`tv1`twindows`n" + $body.ToString() + $end)
