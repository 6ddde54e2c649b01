package nixsec.rules.stig.stig082_test

import data.nixsec.rules.stig.misclib
import data.nixsec.rules.stig.stig082

_p := "services.getty.helpLine"

_host(help, defined) := {"host": "web", "config": {"services": {"getty": {"helpLine": help}}}, "defined": defined}

test_default_empty_fires if {
	stig082.deny == {{
		"path": _p,
		"msg": "services.getty.helpLine is empty (NixOS default): the console login prompt (/etc/issue) shows no DoD consent banner",
		"fix": {"path": _p, "value": misclib.dod_banner},
	}} with input as _host("", {})
}

test_other_text_fires if {
	some v in stig082.deny with input as _host("Authorized use only", {_p: true})
	v.msg == "services.getty.helpLine is not the DoD Notice and Consent Banner: the console login prompt (/etc/issue) shows no DoD consent banner"
}

test_truncated_banner_fires if {
	count(stig082.deny) == 1 with input as _host(substring(misclib.dod_banner, 0, 600), {_p: true})
}

test_banner_passes if {
	count(stig082.deny) == 0 with input as _host(misclib.dod_banner, {_p: true})
}

# Line breaks before each item and around the text are whitespace.
test_banner_with_line_breaks_passes if {
	text := concat("", ["\n  ", replace(misclib.dod_banner, " -", "\n-"), "\n\n"])
	count(stig082.deny) == 0 with input as _host(text, {_p: true})
}

test_absent_fires if {
	count(stig082.deny) == 1 with input as {"config": {}, "defined": {}}
}
