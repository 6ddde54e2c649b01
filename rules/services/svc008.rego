# METADATA
# title: A [Unit] or [Install] setting is written into serviceConfig
# description: |
#   systemd.services.<name>.serviceConfig becomes the [Service] section of
#   the unit file. Ordering, dependency and install settings (After, Wants,
#   Requires, BindsTo, WantedBy, Description…) belong to [Unit] or
#   [Install]: in [Service] systemd logs "Unknown key name" and ignores them,
#   so the ordering or dependency the author relied on does not exist, and a
#   service may start before the network, the resolver or the secret it needs
#   (the paranoid NixOS guide's own dnscrypt-proxy2 example puts after and
#   wants there). NixOS has options for them on the service itself:
#   systemd.services.<name>.after, .wants, .wantedBy, or unitConfig.
# custom:
#   id: SVC008
#   severity: medium
#   options:
#     - systemd.services.*.serviceConfig
#   remediation: |
#     systemd.services.dnscrypt-proxy2 = {
#       after = [ "network-online.target" ];   # not serviceConfig.after
#       wants = [ "network-online.target" ];
#     };
#   references:
#     - https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html
#     - https://search.nixos.org/options?query=systemd.services.%3Cname%3E.after
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.services.svc008

import data.nixsec.lib

# The [Unit] and [Install] keys and where they belong are read in Go
# (rules/builtins/systemd, nixsec.systemd_misplaced), over every unit at
# once: the options under systemd.services.<name> that write them
# (description, after, wantedBy, aliases for Alias…), unitConfig.<key>
# for the other [Unit] keys and for Condition…= and Assert…= checks. Keys
# are compared lowercased; a unit is looked at when a line of its keys
# (a key with a newline in it is several) is such a key.
deny contains v if {
	some m in nixsec.systemd_misplaced(object.get(input.config, ["systemd", "services"], {}))
	[name, key, where] := m
	v := {
		"path": lib.path(["systemd", "services", name, "serviceConfig", key]),
		"msg": sprintf("serviceConfig.%s of systemd.services.%s is not a [Service] setting: systemd ignores it; use %s", [key, lib.path([name]), lib.path(array.concat(["systemd", "services", name], where))]),
	}
}
