package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/nixsec/nixsec/evalbridge"
)

// maxTypeErrors bounds the option type errors listed for one document.
const maxTypeErrors = 10

// ReadDocument reads a document written by `nixsec eval`, all its hosts
// at once (check streams them: streamDocument, stream.go). The document
// may come from anyone (docs/security.md): besides JSON syntax, it is
// checked against the input contract (docs/contracts.md, docs/input.md):
// each host's config an object, defined a map of booleans, errors of
// strings, files of lists of file names, and the value of every option a
// built-in rule reads of its NixOS type (OptionTypes). A value of the wrong
// type is an error naming the host, the option and the type, never a
// value a rule silently misreads.
func ReadDocument(file string) (*evalbridge.Document, error) {
	src, err := streamDocument(file)
	if err != nil {
		return nil, err
	}
	doc := *src.doc
	if doc.Hosts, err = src.hosts(context.Background(), nil, nil); err != nil {
		return nil, err
	}
	return &doc, nil
}

// hostShapeError explains a type error inside hosts[i], whose text is
// raw: which host, which key of which field, and what belongs there. ""
// when it cannot tell.
func hostShapeError(i int, raw json.RawMessage) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return fmt.Sprintf("hosts[%d] is %s, want an object", i, jsonKind(raw))
	}
	name := fmt.Sprintf("hosts[%d]", i)
	var host string
	if json.Unmarshal(fields["host"], &host) == nil && host != "" {
		name = fmt.Sprintf("host %q", host)
	}
	// Field by field, in a fixed order, with what each must hold.
	isKind := func(k string) func(json.RawMessage) bool {
		return func(r json.RawMessage) bool { return jsonKind(r) == k }
	}
	for _, s := range []struct {
		field, want, elem string
		elemOK            func(json.RawMessage) bool
	}{
		{"host", "a string", "", nil},
		{"error", "a string", "", nil},
		{"config", "an object (the option values)", "", nil},
		{"defined", "an object of booleans", "a boolean", isKind("a boolean")},
		{"errors", "an object of strings", "a string", isKind("a string")},
		{"files", "an object of lists of file names", "a list of strings", func(r json.RawMessage) bool {
			var xs []json.RawMessage
			if jsonKind(r) == "null" {
				return true
			}
			if json.Unmarshal(r, &xs) != nil {
				return false
			}
			for _, x := range xs {
				if jsonKind(x) != "a string" {
					return false
				}
			}
			return true
		}},
	} {
		r, ok := fields[s.field]
		if !ok || jsonKind(r) == "null" {
			continue
		}
		want := "an object"
		if s.want == "a string" {
			want = "a string"
		}
		if jsonKind(r) != want {
			return fmt.Sprintf("%s: %q is %s, want %s", name, s.field, jsonKind(r), s.want)
		}
		if s.elemOK == nil {
			continue
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(r, &m)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if jsonKind(m[k]) != "null" && !s.elemOK(m[k]) {
				return fmt.Sprintf("%s: %s[%q] is %s, want %s (%q must be %s)", name, s.field, k, jsonKind(m[k]), s.elem, s.field, s.want)
			}
		}
	}
	return ""
}

// jsonKind names the kind of a JSON value.
func jsonKind(r json.RawMessage) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return "nothing"
	}
	switch r[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
