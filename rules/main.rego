# METADATA
# title: nixsec entrypoint
# description: |
#   Collects the violations of every rule package under data.nixsec.rules,
#   keyed by the package that produced them, so that one prepared query
#   runs every rule and adding a rule needs no Go change.
package nixsec.main

# The deny set of each rule package that found something, by package
# ("ssh.ssh001"). The engine reads the package from the key: tagging each
# violation (object.union) cost a merge per finding.
report[concat(".", [family, name])] := d if {
	some family, name
	d := data.nixsec.rules[family][name].deny
	count(d) > 0
}

# The reason each rule package gives, in its not_applicable string, why it
# does not apply to the host (a graphical banner on a host with no
# display): compliance checklists report those controls not applicable.
not_applicable[concat(".", [family, name])] := r if {
	some family, name
	r := data.nixsec.rules[family][name].not_applicable
}
