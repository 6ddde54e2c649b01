# METADATA
# title: Firefox goes through a SOCKS proxy with WebRTC on
# description: |
#   A SOCKS proxy (such as Tor's on 127.0.0.1:9050) only carries what Firefox
#   sends through it. WebRTC opens its own UDP connections and gathers the
#   host's local and public addresses (ICE candidates) outside the proxy, so
#   any web page can read the address the proxy was meant to hide. Setting
#   media.peerconnection.enabled to false turns WebRTC off. The preference is
#   read from programs.firefox.preferences or
#   programs.firefox.policies.Preferences, and the proxy from the
#   network.proxy.socks preference or a manual Proxy policy.
# custom:
#   id: TOR001
#   severity: high
#   options:
#     - programs.firefox.enable
#     - programs.firefox.preferences
#     - programs.firefox.policies.Preferences
#     - programs.firefox.policies.Proxy
#   remediation: |
#     programs.firefox.preferences."media.peerconnection.enabled" = false;
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://mozilla.github.io/policy-templates/#preferences
#     - https://wiki.mozilla.org/Media/WebRTC/Privacy
#     - https://search.nixos.org/options?query=programs.firefox.preferences
package nixsec.rules.tor.tor001

import data.nixsec.lib

_name := "media.peerconnection.enabled"

deny contains v if {
	socks := lib.firefox_socks
	not _webrtc_off
	fix := lib.firefox_pref_fix(_name, false)
	v := {
		"path": fix.path,
		"msg": sprintf("Firefox uses a SOCKS proxy but WebRTC is on (%s): pages can read the host's real address", [_state]),
		"anchor": socks.path,
		"fix": fix,
	}
}

_webrtc_off if lib.firefox_pref(_name).value == false

_state := sprintf("%s is %s", [_name, lib.show(lib.firefox_pref(_name).value)]) if {
	lib.firefox_pref(_name)
} else := sprintf("%s is not set, Firefox default: true", [_name])
