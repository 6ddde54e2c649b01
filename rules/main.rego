# METADATA
# title: nixsec entrypoint
# description: |
#   Collects the violations of every rule package under data.nixsec.rules,
#   tagged with the package that produced them, so that one prepared query
#   runs every rule and adding a rule needs no Go change.
package nixsec.main

# Each violation, with the rule package it came from ("ssh.ssh001").
report contains object.union(v, {"rule": concat(".", [family, name])}) if {
	some family, name
	some v in data.nixsec.rules[family][name].deny
}
