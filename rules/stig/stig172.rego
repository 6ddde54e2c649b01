# METADATA
# title: A user is logged in automatically, without authenticating
# description: |
#   Automatic login gives whoever is at the console the account's session
#   without a password. The STIG (V-268172, V1R2) makes a defined,
#   non-null auto-login user a finding; its text names
#   services.xserver.displayManager.autologon.user, which is not a NixOS
#   option: the real one is services.displayManager.autoLogin.user (with
#   autoLogin.enable defaulting to user != null), the xserver path being a
#   rename of it (nixos/modules/services/display-managers/default.nix). The
#   text console's own auto-login, services.getty.autologinUser
#   (nixos/modules/services/ttys/getty.nix), is the same weakness and is
#   reported too.
# custom:
#   id: STIG172
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268172
#   options:
#     - path: services.displayManager.autoLogin.enable
#       aliases:
#         - services.xserver.displayManager.autoLogin.enable
#     - path: services.displayManager.autoLogin.user
#       aliases:
#         - services.xserver.displayManager.autoLogin.user
#     - services.getty.autologinUser
#   remediation: |
#     services.displayManager.autoLogin.enable = false;
#     services.displayManager.autoLogin.user = null;
#     services.getty.autologinUser = null;
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268172
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/display-managers/default.nix
package nixsec.rules.stig.stig172

import data.nixsec.lib

_dm_user := ["services", "displayManager", "autoLogin", "user"]

_dm_enable := ["services", "displayManager", "autoLogin", "enable"]

_getty := ["services", "getty", "autologinUser"]

deny contains v if {
	user := lib.cfg(_dm_user, null)
	user != null
	p := lib.path(_dm_user)
	v := {
		"path": p,
		"msg": sprintf("services.displayManager.autoLogin.user is %s%s: the graphical login logs that user in without authentication", [lib.show(user), _enabled_note]),
		"fix": {"path": p, "value": null},
	}
}

_enabled_note := "" if not lib.is_false(_dm_enable)

_enabled_note := " (autoLogin.enable is false, but the user is still defined)" if lib.is_false(_dm_enable)

deny contains v if {
	user := lib.cfg(_getty, null)
	user != null
	p := lib.path(_getty)
	v := {
		"path": p,
		"msg": sprintf("services.getty.autologinUser is %s: the text console logs that user in without authentication", [lib.show(user)]),
		"fix": {"path": p, "value": null},
	}
}
