package lint

import (
	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/rego"
)

// hostEntryFile is where a host is declared when nothing closer is known.
const hostEntryFile = "flake.nix"

// place finds where a violation belongs: a file of the user's that defines
// the option at fault; else one that defines the rule's anchor (the place
// the fix belongs when a default is at fault); else the host's entry in
// flake.nix. It is never nowhere. Lines are not resolved yet: the first
// line of the file stands for the whole file.
func place(h evalbridge.HostEval, v rego.Violation) Location {
	if v.File != "" {
		return fileLocation(v.File, "file")
	}
	if files := h.Files[v.Path]; len(files) > 0 {
		return fileLocation(files[0], "definition")
	}
	if v.Anchor != "" {
		if files := h.Files[v.Anchor]; len(files) > 0 {
			return fileLocation(files[0], "anchor")
		}
	}
	return fileLocation(hostEntryFile, "host")
}

func fileLocation(file, via string) Location {
	return Location{File: file, StartLine: 1, StartCol: 1, EndLine: 1, EndCol: 1, Via: via}
}
