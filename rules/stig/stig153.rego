# METADATA
# title: No AIDE service watches the baseline for unauthorized changes
# description: |
#   Designated staff must be told when the system's baseline configuration
#   changes without authorization. The STIG (V-268153, V1R2) checks that
#   aide.service is active and set up to alert on file system changes;
#   nixpkgs has no AIDE NixOS module, so the STIG's fix adds the aide
#   package through an overlay and its own systemd units. This rule decides
#   the part the configuration holds: a systemd.services.aide unit that is
#   not disabled. That it runs, that its database is current and that its
#   alerts reach people needs the running system.
# custom:
#   id: STIG153
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268153
#   options:
#     - systemd.services.aide
#     - systemd.services.aide.enable
#   remediation: |
#     environment.systemPackages = [ pkgs.aide ];
#     systemd.services.aide = {
#       description = "AIDE integrity check";
#       serviceConfig.Type = "oneshot";
#       script = "${pkgs.aide}/bin/aide --check --config /etc/aide.conf";
#       # mail or forward the report to the ISSO/SA
#     };
#     systemd.timers.aide = { wantedBy = [ "timers.target" ]; timerConfig.OnCalendar = "daily"; };
#   references:
#     - https://preview.stighub.com/check/30427032-9e9e-4d42-89a8-c91cd9944bf8
package nixsec.rules.stig.stig153

import data.nixsec.lib

_comps := ["systemd", "services", "aide"]

_unit := lib.cfg(_comps, null)

deny contains v if {
	not is_object(_unit)
	v := {
		"path": lib.path(_comps),
		"msg": "no systemd.services.aide unit: nothing checks the file system against an AIDE baseline or alerts on changes",
	}
}

deny contains v if {
	is_object(_unit)
	object.get(_unit, "enable", true) == false
	p := lib.path(array.concat(_comps, ["enable"]))
	v := {
		"path": p,
		"msg": "systemd.services.aide.enable is false: the AIDE check never runs",
		"fix": {"path": p, "value": true},
	}
}
