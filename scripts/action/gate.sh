#!/usr/bin/env bash
# Step "Gate" of the nixsec GitHub Action (action.yml), its last: exits
# with the exit code the run step saved (NIXSEC_EXIT_CODE), after the
# SARIF upload. No saved code (the run step did not finish) is an error:
# a check that did not complete never passes.
set -euo pipefail

case "${NIXSEC_EXIT_CODE:-}" in
0)
	echo "nixsec: passed"
	exit 0
	;;
1)
	echo "nixsec: findings at or above fail-on (the annotations and the job summary list them)"
	exit 1
	;;
2)
	echo "nixsec: the check did not complete (the log of the step \"Check the flake\" says why)"
	exit 2
	;;
*)
	echo "nixsec: the step \"Check the flake\" saved no exit code"
	exit 2
	;;
esac
