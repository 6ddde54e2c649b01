# METADATA
# title: The audit backlog is smaller than 8192 buffers
# description: |
#   The kernel queues audit records until auditd reads them; when the queue
#   (the backlog) is full, records are lost or the failure mode acts. During
#   boot, before auditd runs, everything waits in it, so the STIG asks for a
#   backlog_limit of at least 8192. With security.audit.enable on, NixOS
#   loads security.audit.backlogLimit with auditctl -b when the rules load
#   (nixos/modules/security/audit.nix; the default is 64 up to 25.05 and
#   1024 since 25.11, which also passes it as audit_backlog_limit= on the
#   kernel command line), and a "-b" line in security.audit.rules sets it
#   too. With auditing off nothing loads a value, and only an
#   audit_backlog_limit= kernel parameter (the last one) sets it.
# custom:
#   id: STIG093
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268093
#   options:
#     - security.audit.enable
#     - security.audit.backlogLimit
#     - security.audit.rules
#     - boot.kernelParams
#   remediation: |
#     security.audit.backlogLimit = 8192;
#     # with security.audit.enable = false (not recommended):
#     boot.kernelParams = [ "audit_backlog_limit=8192" ];
#   references:
#     - https://preview.stighub.com/check/f8f008f9-c350-4b71-86ce-96eca24d2ab5
package nixsec.rules.stig.stig093

import data.nixsec.lib
import data.nixsec.rules.stig.auditlib

_min := 8192

_limit := ["security", "audit", "backlogLimit"]

_params_comps := ["boot", "kernelParams"]

deny contains v if {
	auditlib.audit_enabled
	n := lib.cfg(_limit, 64)
	is_number(n)
	n < _min
	p := lib.path(_limit)
	v := {
		"path": p,
		"msg": sprintf("security.audit.backlogLimit is %d%s, below the 8192 the STIG asks for", [n, lib.default_note(p)]),
		"fix": {"path": p, "value": _min},
	}
}

deny contains v if {
	auditlib.audit_enabled
	some r in auditlib.parsed
	is_number(r.backlog)
	r.backlog < _min
	v := {
		"path": auditlib.rules_path,
		"msg": sprintf("security.audit.rules sets the backlog to %d with -b, below 8192", [r.backlog]),
	}
}

_params := p if {
	p := lib.cfg(_params_comps, [])
	is_array(p)
} else := []

_kernel_limits := [trim_prefix(p, "audit_backlog_limit=") | some p in _params; is_string(p); startswith(p, "audit_backlog_limit=")]

deny contains v if {
	not auditlib.audit_enabled
	count(_kernel_limits) == 0
	v := {
		"path": lib.path(_params_comps),
		"msg": "security.audit.enable is off and boot.kernelParams has no audit_backlog_limit=: the kernel keeps its default of 64",
	}
}

deny contains v if {
	not auditlib.audit_enabled
	count(_kernel_limits) > 0
	last := _kernel_limits[count(_kernel_limits) - 1]
	not _at_least(last)
	v := {
		"path": lib.path(_params_comps),
		"msg": sprintf("boot.kernelParams sets audit_backlog_limit=%s, below 8192", [last]),
	}
}

_at_least(s) if {
	regex.match(`^[0-9]+$`, s)
	to_number(s) >= _min
}
