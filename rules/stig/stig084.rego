# METADATA
# title: The graphical login screen shows no DoD consent banner
# description: |
#   A DoD system must show the Standard Mandatory DOD Notice and Consent
#   Banner on its graphical login screen. NixOS's only login-screen banner
#   option is GDM's banner (null by default), which GDM's module writes into
#   the greeter's dconf database as org/gnome/login-screen
#   banner-message-text; it is services.displayManager.gdm.banner from NixOS
#   25.11 and services.xserver.displayManager.gdm.banner before (now a rename
#   of it; nixos/modules/services/display-managers/gdm.nix). The STIG
#   (V-268084, V1R1 check text) requires it to hold the 1300-character
#   banner. Not applicable on a host with neither an X server
#   (services.xserver.enable) nor a display manager
#   (services.displayManager.enable).
# custom:
#   id: STIG084
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268084
#   options:
#     - services.xserver.enable
#     - services.displayManager.enable
#     - path: services.desktopManager.gnome.enable
#       aliases:
#         - services.xserver.desktopManager.gnome.enable
#     - services.desktopManager.plasma6.enable
#     - path: services.displayManager.gdm.enable
#       aliases:
#         - services.xserver.displayManager.gdm.enable
#     - path: services.displayManager.gdm.banner
#       aliases:
#         - services.xserver.displayManager.gdm.banner
#   remediation: |
#     services.displayManager.gdm.banner = ''
#       You are accessing a U.S. Government (USG) Information System (IS) ...
#       (the full Standard Mandatory DOD Notice and Consent Banner)
#     '';
#     # NixOS 25.05: services.xserver.displayManager.gdm.banner
#   references:
#     - https://app.xylok.io/reference/benchmark/anduril_nixos_stig/check/e15d3335-c901-4332-a678-26d452e805cd/?version=81bea6f8-a7a7-4376-9ac8-34eadac2e1e1
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/display-managers/gdm.nix
package nixsec.rules.stig.stig084

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

not_applicable := "no graphical logon, as far as the configuration shows: none of services.xserver.enable, services.displayManager.enable, and the GNOME and Plasma 6 switches is true (a compositor started another way is not seen)" if {
	not misclib.graphical
}

_banner := array.concat(misclib.gdm, ["banner"])

deny contains v if {
	misclib.graphical
	misclib.gdm_enabled
	value := lib.cfg(_banner, null)
	not misclib.is_dod_banner(value)
	p := lib.path(_banner)
	v := {
		"path": p,
		"msg": sprintf("%s %s%s: GDM's login screen shows no DoD consent banner", [p, misclib.banner_problem(value), lib.default_note(p)]),
		"anchor": lib.path(array.concat(misclib.gdm, ["enable"])),
		"fix": {"path": p, "value": misclib.dod_banner},
	}
}

deny contains v if {
	misclib.graphical
	not misclib.gdm_enabled
	p := lib.path(_banner)
	v := {
		"path": misclib.graphical_via,
		"msg": sprintf("%s is true but GDM is off: NixOS has no login-screen banner option for other display managers (the STIG's fix is %s), so no DoD consent banner is shown", [misclib.graphical_via, p]),
	}
}
