# METADATA
# title: Idle graphical sessions are not locked after 10 minutes
# description: |
#   A graphical session left unattended must lock itself after at most 10
#   minutes idle. The STIG (V-268086, V1R2 check) checks three places: GNOME's
#   idle-delay, systemd-logind's IdleAction=lock with IdleActionSec=600, and
#   an xautolock user service. This rule decides the logind part, the one
#   that covers every desktop: logind's defaults are IdleAction=ignore and
#   IdleActionSec=30min. NixOS writes logind.conf from
#   services.logind.settings.Login (newer releases) or the free text
#   services.logind.extraConfig (older ones;
#   nixos/modules/system/boot/systemd/logind.nix). Per-user gsettings and
#   the running xautolock service need the running system. A Wayland
#   compositor enabled through its NixOS module (sway, Hyprland, Wayfire,
#   river, niri, labwc, the cage kiosk, or any module that sets
#   services.graphical-desktop.enable) counts as a graphical session even
#   without a display manager, so a host running one with logind's defaults
#   is reported. Whether a screen locker in such a session acts on logind's
#   lock request is the user's compositor configuration, which the rule does
#   not read. Not applicable when no X server, display manager, desktop or
#   such compositor is on.
# custom:
#   id: STIG086
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268086
#   options:
#     - services.xserver.enable
#     - services.displayManager.enable
#     - path: services.desktopManager.gnome.enable
#       aliases:
#         - services.xserver.desktopManager.gnome.enable
#     - services.desktopManager.plasma6.enable
#     - programs.sway.enable
#     - programs.hyprland.enable
#     - programs.wayfire.enable
#     - path: programs.river-classic.enable
#       aliases:
#         - programs.river.enable
#     - programs.niri.enable
#     - programs.labwc.enable
#     - services.cage.enable
#     - services.graphical-desktop.enable
#     - services.logind.settings.Login.IdleAction
#     - services.logind.settings.Login.IdleActionSec
#     - services.logind.extraConfig
#   remediation: |
#     services.logind.settings.Login = {
#       IdleAction = "lock";
#       IdleActionSec = 600;
#     };
#     # older NixOS: services.logind.extraConfig = "IdleAction=lock\nIdleActionSec=600";
#   references:
#     - https://preview.stighub.com/check/c9e4d7d7-b834-4d27-861d-f5e50f139d4c
#     - https://www.freedesktop.org/software/systemd/man/latest/logind.conf.html
package nixsec.rules.stig.stig086

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

not_applicable := misclib.no_graphical if {
	not misclib.graphical
}

_login := ["services", "logind", "settings", "Login"]

_extra := ["services", "logind", "extraConfig"]

# Where the host writes logind.conf's [Login] keys: settings.Login when the
# host declares it, else extraConfig.
_key(name) := {"value": lib.cfg(array.concat(_login, [name]), null), "path": lib.path(array.concat(_login, [name]))} if {
	lib.has(_login)
} else := {"value": misclib.ini_value(lib.cfg(_extra, ""), name), "path": lib.path(_extra)} if {
	misclib.ini_value(lib.cfg(_extra, ""), name)
} else := {"value": null, "path": lib.path(array.concat(_login, [name]))} if {
	lib.has(["services", "logind", "settings"])
} else := {"value": null, "path": lib.path(_extra)}

_fix(path, value) := {"fix": {"path": path, "value": value}} if startswith(path, "services.logind.settings.")

_fix(path, _) := {} if not startswith(path, "services.logind.settings.")

deny contains v if {
	misclib.graphical
	k := _key("IdleAction")
	k.value != "lock"
	v := object.union(
		{
			"path": k.path,
			"msg": sprintf("logind's IdleAction is %s: idle sessions are never locked", [_shown(k.value, "ignore")]),
		},
		_fix(k.path, "lock"),
	)
}

deny contains v if {
	misclib.graphical
	k := _key("IdleActionSec")
	not _within(k.value)
	v := object.union(
		{
			"path": k.path,
			"msg": sprintf("logind's IdleActionSec is %s: more than 10 minutes (600 s) idle before the session locks", [_shown(k.value, "30min")]),
		},
		_fix(k.path, 600),
	)
}

_within(v) if {
	s := misclib.seconds(v)
	s > 0
	s <= 600
}

_shown(null, d) := sprintf("not set (logind default: %s)", [d])

_shown(v, _) := lib.show(v) if v != null
