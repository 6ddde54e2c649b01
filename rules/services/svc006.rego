# METADATA
# title: A service of the flake runs as root
# description: |
#   A systemd service without User= (and without DynamicUser=) runs as root
#   with every capability: a bug in the program, its parser or a library it
#   loads is a compromise of the whole host, and the service can read every
#   secret and rewrite any file. Most services need no more than their own
#   state directory and a port; DynamicUser = true gives them a fresh,
#   unprivileged user (with StateDirectory= for persistent data), or User=
#   names a dedicated account. Only services whose ExecStart or script is
#   written in the flake's own files are checked: those from nixpkgs modules
#   are their maintainers' choice.
# custom:
#   id: SVC006
#   severity: medium
#   options:
#     - systemd.services.*.enable
#     - systemd.services.*.serviceConfig
#     - systemd.services.*.serviceConfig.ExecStart
#     - systemd.services.*.script
#   remediation: |
#     systemd.services.backup.serviceConfig = {
#       DynamicUser = true;
#       StateDirectory = "backup";   # /var/lib/backup, owned by the dynamic user
#     };
#   references:
#     - https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html#User=
#     - https://0pointer.net/blog/dynamic-users-with-systemd.html
#     - https://search.nixos.org/options?query=systemd.services.%3Cname%3E.serviceConfig
package nixsec.rules.services.svc006

import data.nixsec.lib

# lib.own_units: the own services that run, read once per host (user is
# what lib.runs_as_root reads). Two bodies, one per message, build each
# violation whole: a finding costs a few builtin calls, not a merge and
# three function calls (issue 17).
deny contains v if {
	some unit in lib.own_units
	unit.user.root == true
	unit.user.name == ""

	# User is unset: DynamicUser = true helps (with User = "root" systemd
	# uses the existing root account).
	prefix := unit.path
	v := {
		"path": concat("", [prefix, ".User"]),
		"msg": concat("", ["systemd.services.", unit.component, " runs as root: serviceConfig sets neither User nor DynamicUser"]),
		"anchor": prefix,
		"fix": {"path": concat("", [prefix, ".DynamicUser"]), "value": true},
	}
}

deny contains v if {
	some unit in lib.own_units
	unit.user.root == true
	unit.user.name != ""

	# User as systemd reads it: a string, shown as lib.show shows one.
	prefix := unit.path
	v := {
		"path": concat("", [prefix, ".User"]),
		"msg": concat("", ["systemd.services.", unit.component, " runs as root: serviceConfig.User is ", json.marshal(unit.user.name)]),
		"anchor": prefix,
	}
}
