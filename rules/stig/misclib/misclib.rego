# Helpers shared by the STIG rules of the SSH, banner, session, time,
# package and firewall groups (rules/stig/stigNNN.rego). Not a rule: it has
# no rule metadata and no deny.
package nixsec.rules.stig.misclib

import data.nixsec.lib

# The Standard Mandatory DOD Notice and Consent Banner, in the 1300-character
# form the Anduril NixOS STIG (V-268082, V-268083, V-268084) requires. It is
# US-government text, quoted as the STIG gives it; rules compare against it
# with whitespace normalised (normalise below), so a banner that breaks
# lines before each "-" item matches.
dod_banner := concat(" ", [
	"You are accessing a U.S. Government (USG) Information System (IS) that is provided for USG-authorized use only.",
	"By using this IS (which includes any device attached to this IS), you consent to the following conditions:",
	"-The USG routinely intercepts and monitors communications on this IS for purposes including, but not limited to, penetration testing, COMSEC monitoring, network operations and defense, personnel misconduct (PM), law enforcement (LE), and counterintelligence (CI) investigations.",
	"-At any time, the USG may inspect and seize data stored on this IS.",
	"-Communications using, or data stored on, this IS are not private, are subject to routine monitoring, interception, and search, and may be disclosed or used for any USG-authorized purpose.",
	"-This IS includes security measures (e.g., authentication and access controls) to protect USG interests--not for your personal benefit or privacy.",
	"-Notwithstanding the above, using this IS does not constitute consent to PM, LE or CI investigative searching or monitoring of the content of privileged communications, or work product, related to personal representation or services by attorneys, psychotherapists, or clergy, and their assistants. Such communications and work product are private and confidential. See User Agreement for details.",
])

# normalise collapses every run of whitespace (newlines included) to one
# space and trims the ends.
normalise(s) := trim_space(regex.replace(s, `\s+`, " "))

# is_dod_banner is true when the string s is the DoD banner, whitespace
# aside.
is_dod_banner(s) if {
	is_string(s)
	normalise(s) == dod_banner
}

# banner_problem describes a banner value that is not the DoD text, for a
# message: "is null", "is empty", "does not match the DoD text".
banner_problem(v) := "is null" if v == null

banner_problem(v) := "is empty" if {
	is_string(v)
	trim_space(v) == ""
}

banner_problem(v) := "is not the DoD Notice and Consent Banner" if {
	is_string(v)
	trim_space(v) != ""
	not is_dod_banner(v)
}

banner_problem(v) := sprintf("is %s, not a string", [type_name(v)]) if {
	v != null
	not is_string(v)
}

# ---------------------------------------------------------------------------
# Graphical logon. A host offers a graphical logon or session when one of
# these switches is on (each a bool, default false, declared in the file
# named beside it, under nixpkgs' nixos/modules/):
#
# - the X server, services.xserver.enable (services/x11/xserver.nix);
# - a display manager, services.displayManager.enable
#   (services/display-managers/default.nix, "systemd's display-manager
#   service"). GDM, ly and lemurs (25.11+) set it to true and greetd to
#   mkDefault true, so they need no switch of their own. GDM's own switch is
#   services.displayManager.gdm.enable from 25.11
#   (services.xserver.displayManager.gdm.enable before, now a rename of it);
# - GNOME (services/desktop-managers/gnome.nix from 25.11, the X11-era name
#   a rename of it) and Plasma 6 (services/desktop-managers/plasma6.nix);
# - a Wayland compositor's module, none of which sets the switches above
#   (they add their session to services.displayManager.sessionPackages for
#   a display manager to offer, without enabling one), so a compositor
#   started from a console logon is seen only here: programs.sway,
#   programs.hyprland, programs.wayfire, programs.niri, programs.labwc
#   (programs/wayland/<name>.nix) and river (programs/wayland/river.nix:
#   programs.river on 25.05, programs.river-classic from 25.11 with
#   programs.river a rename of it; both names are looked at), and the cage
#   kiosk, services.cage.enable (services/wayland/cage.nix), which logs its
#   user in on tty1 itself;
# - services.graphical-desktop.enable (services/misc/graphical-desktop.nix,
#   internal, default services.xserver.enable ||
#   services.displayManager.enable), which programs/wayland/wayland-session.nix
#   sets to true. sway, Hyprland, niri, labwc and river import that file;
#   this switch also counts a compositor module not listed here that does.
#   Last, so that graphical_via names a specific switch when there is one.
#
# A compositor started without a NixOS module (from a shell profile, say)
# sets none of them and is not seen.

graphical_switches := [
	["services", "xserver", "enable"],
	["services", "displayManager", "enable"],
	["services", "desktopManager", "gnome", "enable"],
	["services", "xserver", "desktopManager", "gnome", "enable"],
	["services", "desktopManager", "plasma6", "enable"],
	["programs", "sway", "enable"],
	["programs", "hyprland", "enable"],
	["programs", "wayfire", "enable"],
	["programs", "river-classic", "enable"],
	["programs", "river", "enable"],
	["programs", "niri", "enable"],
	["programs", "labwc", "enable"],
	["services", "cage", "enable"],
	["services", "graphical-desktop", "enable"],
]

graphical if {
	some comps in graphical_switches
	lib.is_true(comps)
}

# no_graphical is the not_applicable reason of the rules that apply only to
# a graphical logon: it names every switch looked at.
no_graphical := sprintf("no graphical logon or session, as far as the configuration shows: none of %s is true (a compositor started without a NixOS module is not seen)", [concat(", ", [lib.path(comps) | some comps in graphical_switches])])

# graphical_via is the first switch that is on, as an option path.
graphical_via := [lib.path(comps) | some comps in graphical_switches; lib.is_true(comps)][0]

# gdm is the path components of GDM's options on this host: the 25.11+
# name when the host declares it, else the X11-era one.
gdm := ["services", "displayManager", "gdm"] if {
	lib.has(["services", "displayManager", "gdm"])
} else := ["services", "xserver", "displayManager", "gdm"]

gdm_enabled if lib.is_true(array.concat(gdm, ["enable"]))

# ---------------------------------------------------------------------------
# sshd_config keywords. NixOS writes services.openssh.settings first, then
# services.openssh.extraConfig (sshd.nix); for most keywords sshd uses the
# first value it reads. sshd_global(name) is the value sshd uses outside any
# Match block, as {"value", "path", "from"}: "settings" (the settings value,
# as the document holds it), "extra" (the first global line elsewhere, the
# value as text, "args" its words). Undefined when neither sets it, and
# OpenSSH's default applies.

sshd_global(name) := {"value": v, "path": lib.path(comps), "from": "settings"} if {
	comps := ["services", "openssh", "settings", name]
	v := lib.cfg(comps, null)
	v != null
} else := {"value": e.value, "args": e.args, "path": e.path, "from": "extra"} if {
	some e in lib.sshd_extra(name)
	e.match == null
}

# sshd_match_lines(name) is the lines inside Match blocks that set name.
sshd_match_lines(name) := [e | some e in lib.sshd_extra(name); e.match != null]

# sshd_list(v) turns a list keyword's value into a list: a list as is, the
# comma-separated text of an sshd_config line split.
sshd_list(v) := v if is_array(v)

sshd_list(v) := [trim_space(x) | some x in split(v, ","); trim_space(x) != ""] if is_string(v)

ssh_enabled if lib.is_true(["services", "openssh", "enable"])

# ---------------------------------------------------------------------------
# Packages. environment.systemPackages holds derivations as
# {"_derivation": "<name>"} (docs/contracts.md): name-version, as
# nix-store --query --requisites prints it without the hash.

package_names contains name if {
	some p in lib.cfg(["environment", "systemPackages"], [])
	is_object(p)
	name := p._derivation
	is_string(name)
}

# package_pname drops a trailing version: "vlock-2.2.2" -> "vlock".
package_pname(name) := regex.replace(name, `-[0-9][^-]*(-[^-]+)*$`, "")

# ---------------------------------------------------------------------------
# Numbers that NixOS writes as ints or strings ("600", " 1 ").
number(v) := v if is_number(v)

number(v) := to_number(trim_space(v)) if {
	is_string(v)
	regex.match(`^\s*-?[0-9]+\s*$`, v)
}

number(true) := 1

number(false) := 0

# seconds reads a systemd time span in seconds: 600, "600", "600s",
# "10min", "10m", "1h"; undefined for anything else.
seconds(v) := number(v)

seconds(v) := to_number(m[1]) * _unit[m[2]] if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`^\s*([0-9]+)\s*(s|sec|m|min|h|hr)\s*$`, v, 1)[0]
}

_unit := {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}

# ini_value reads key=value from the lines text (an extraConfig), the last
# assignment winning as systemd's parser does; undefined when absent.
ini_value(text, key) := vals[count(vals) - 1] if {
	is_string(text)
	vals := [trim_space(kv[1]) |
		some line in split(text, "\n")
		kv := regex.find_all_string_submatch_n(sprintf(`^\s*%s\s*=(.*)$`, [key]), line, 1)[0]
	]
	count(vals) > 0
}
