# METADATA
# title: Example Corp's lists
# description: A helper package (no deny, no rule METADATA), imported by the rules.
package org.lib

# The accounts the access review allows in wheel (sudo).
wheel_admins := {"admin"}
