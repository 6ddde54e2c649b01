# METADATA
# title: The boot loader lets anyone edit the kernel command line
# description: |
#   With systemd-boot's editor on, anyone at the console (or with access to a
#   virtual machine's display) can press "e" at the boot menu and add
#   init=/bin/sh to the kernel command line: the machine boots straight into
#   a root shell, with no password, and any unencrypted disk is theirs.
#   NixOS still enables the editor by default, for backwards compatibility,
#   and lanzaboote's settings.editor inherits that default.
# custom:
#   id: BOOT002
#   severity: high
#   options:
#     - boot.loader.systemd-boot.enable
#     - boot.loader.systemd-boot.editor
#     - boot.lanzaboote.enable
#     - boot.lanzaboote.settings.editor
#   remediation: |
#     boot.loader.systemd-boot.editor = false;
#     # with lanzaboote:
#     boot.lanzaboote.settings.editor = false;
#   references:
#     - https://search.nixos.org/options?query=boot.loader.systemd-boot.editor
#     - https://wiki.nixos.org/wiki/Systemd/boot
#     - https://www.freedesktop.org/software/systemd/man/latest/loader.conf.html
package nixsec.rules.boot.boot002

import data.nixsec.lib

_loaders := [
	{"enable": ["boot", "loader", "systemd-boot", "enable"], "editor": ["boot", "loader", "systemd-boot", "editor"]},
	{"enable": ["boot", "lanzaboote", "enable"], "editor": ["boot", "lanzaboote", "settings", "editor"]},
]

deny contains v if {
	some loader in _loaders
	lib.is_true(loader.enable)
	lib.is_true(loader.editor)
	p := lib.path(loader.editor)
	v := {
		"path": p,
		"msg": sprintf("%s is true%s: init=/bin/sh at the boot menu gives a root shell", [p, lib.default_note(p)]),
		"anchor": lib.path(loader.enable),
		"fix": {"path": p, "value": false},
	}
}
