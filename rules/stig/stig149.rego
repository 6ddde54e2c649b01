# METADATA
# title: Time comes from the public NTP pool, not an authoritative source
# description: |
#   The STIG (V-268149, V1R1 check text) requires the clock to be compared
#   at least daily with an authoritative time source the organisation has
#   authorized (its example: the US Naval Observatory's tick/tock
#   servers). NixOS's default servers are {0..3}.nixos.pool.ntp.org
#   (networking.timeServers); timesyncd uses services.timesyncd.servers,
#   which older releases default to networking.timeServers and newer ones
#   leave null, with networking.timeServers as FallbackNTP
#   (nixos/modules/system/boot/timesyncd.nix). This rule reports servers
#   that are all from the public pool.ntp.org pool; whether named servers
#   are authorized for the network is for the ISSO. Not applicable when
#   timesyncd is off.
# custom:
#   id: STIG149
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268149
#   options:
#     - services.timesyncd.enable
#     - services.timesyncd.servers
#     - networking.timeServers
#   remediation: |
#     networking.timeServers = [ "tick.usnogps.navy.mil" "tock.usnogps.navy.mil" ];
#     # or the time source your organisation has authorized
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/system/boot/timesyncd.nix
package nixsec.rules.stig.stig149

import data.nixsec.lib

_servers_comps := ["services", "timesyncd", "servers"]

_time_comps := ["networking", "timeServers"]

not_applicable := "systemd-timesyncd is off (services.timesyncd.enable is not true)" if {
	not lib.is_true(["services", "timesyncd", "enable"])
}

# The servers timesyncd is given: services.timesyncd.servers when it is a
# non-empty list, else networking.timeServers (its default or fallback).
_effective := {"servers": s, "path": lib.path(_servers_comps)} if {
	s := lib.cfg(_servers_comps, null)
	is_array(s)
	count(s) > 0
} else := {"servers": lib.cfg(_time_comps, []), "path": lib.path(_time_comps)}

_public(s) if endswith(lower(trim_space(s)), "pool.ntp.org")

deny contains v if {
	lib.is_true(["services", "timesyncd", "enable"])
	servers := _effective.servers
	is_array(servers)
	count(servers) > 0
	every s in servers {
		_public(s)
	}
	v := {
		"path": _effective.path,
		"msg": sprintf("timesyncd's servers are %s%s: the public NTP pool, not an authorized authoritative time source", [lib.show(servers), lib.default_note(_effective.path)]),
		"anchor": "services.timesyncd.enable",
	}
}

deny contains v if {
	lib.is_true(["services", "timesyncd", "enable"])
	servers := _effective.servers
	is_array(servers)
	count(servers) == 0
	v := {
		"path": _effective.path,
		"msg": "no time servers are configured: timesyncd falls back to the servers systemd was built with",
		"anchor": "services.timesyncd.enable",
	}
}
