package nixsec.rules.tor.tor001_test

import data.nixsec.rules.tor.tor001

_firefox(firefox) := {"host": "laptop", "config": {"programs": {"firefox": object.union({"enable": true}, firefox)}}, "defined": {}}

_socks := {"network.proxy.socks": "127.0.0.1", "network.proxy.socks_port": 9050}

test_preference_proxy_webrtc_unset_fires if {
	tor001.deny == {{
		"path": `programs.firefox.preferences."media.peerconnection.enabled"`,
		"msg": "Firefox uses a SOCKS proxy but WebRTC is on (media.peerconnection.enabled is not set, Firefox default: true): pages can read the host's real address",
		"anchor": `programs.firefox.preferences."network.proxy.socks"`,
		"fix": {"path": `programs.firefox.preferences."media.peerconnection.enabled"`, "value": false},
	}} with input as _firefox({"preferences": _socks})
}

test_webrtc_true_fires if {
	some v in tor001.deny with input as _firefox({"preferences": object.union(_socks, {"media.peerconnection.enabled": true})})
	v.msg == "Firefox uses a SOCKS proxy but WebRTC is on (media.peerconnection.enabled is true): pages can read the host's real address"
}

test_webrtc_off_passes if {
	count(tor001.deny) == 0 with input as _firefox({"preferences": object.union(_socks, {"media.peerconnection.enabled": false})})
}

# Policies with {Value, Status}: the fix keeps the policy form.
test_policy_preferences if {
	prefs := {
		"network.proxy.socks": {"Value": "127.0.0.1", "Status": "locked"},
		"media.peerconnection.enabled": {"Value": true, "Status": "default"},
	}
	tor001.deny == {{
		"path": `programs.firefox.policies.Preferences."media.peerconnection.enabled"`,
		"msg": "Firefox uses a SOCKS proxy but WebRTC is on (media.peerconnection.enabled is true): pages can read the host's real address",
		"anchor": `programs.firefox.policies.Preferences."network.proxy.socks"`,
		"fix": {
			"path": `programs.firefox.policies.Preferences."media.peerconnection.enabled"`,
			"value": {"Value": false, "Status": "locked"},
		},
	}} with input as _firefox({"policies": {"Preferences": prefs}})
	off := object.union(prefs, {"media.peerconnection.enabled": {"Value": false, "Status": "locked"}})
	count(tor001.deny) == 0 with input as _firefox({"policies": {"Preferences": off}})
}

test_proxy_policy_fires if {
	policies := {"Proxy": {"Mode": "manual", "SOCKSProxy": "127.0.0.1:9050", "SOCKSVersion": 5}}
	some v in tor001.deny with input as _firefox({"policies": policies})
	v.anchor == "programs.firefox.policies.Proxy.SOCKSProxy"
}

test_no_proxy_passes if {
	count(tor001.deny) == 0 with input as _firefox({"preferences": {}, "policies": {}})
	count(tor001.deny) == 0 with input as _firefox({"policies": {"Proxy": {"Mode": "none"}}})
}

test_firefox_disabled_passes if {
	inp := {"config": {"programs": {"firefox": {"enable": false, "preferences": _socks}}}, "defined": {}}
	count(tor001.deny) == 0 with input as inp
}

test_module_absent_passes if {
	count(tor001.deny) == 0 with input as {"config": {}, "defined": {}}
}
