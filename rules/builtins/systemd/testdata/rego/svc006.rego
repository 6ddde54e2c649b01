# rules/services/svc006.rego as it was before issue 17 moved its walk over the units into Go:
# the reference identity_test.go compares the bundle with. Not embedded.

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

deny contains v if {
	services := lib.cfg(["systemd", "services"], {})
	some name, _ in lib.own_services
	service := services[name]
	is_object(service)
	object.get(service, "enable", true) != false
	sc := object.get(service, "serviceConfig", {})
	is_object(sc)
	user := nixsec.systemd_user(sc) # what lib.runs_as_root(sc) reads
	user.root
	v := object.union(
		{
			"path": lib.path(["systemd", "services", name, "serviceConfig", "User"]),
			"msg": sprintf("systemd.services.%s runs as root: %s", [lib.path([name]), _why(user.name)]),
			"anchor": lib.path(["systemd", "services", name, "serviceConfig"]),
		},
		_fix(name, user.name),
	)
}

# user is User as systemd reads it: "" when unset (absent, null, "", or a
# list whose last assignment is empty).
_why(user) := sprintf("serviceConfig.User is %s", [lib.show(user)]) if {
	user != ""
} else := "serviceConfig sets neither User nor DynamicUser"

# DynamicUser = true helps only when User= is unset: with User = "root"
# systemd uses the existing root account.
_fix(name, "") := {"fix": {"path": lib.path(["systemd", "services", name, "serviceConfig", "DynamicUser"]), "value": true}}

_fix(_, user) := {} if user != ""
