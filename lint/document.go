package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/inputerr"
)

// maxTypeErrors bounds the option type errors listed for one document.
const maxTypeErrors = 10

// ReadDocument reads a document written by `nixsec eval`. The document
// may come from anyone (docs/security.md): besides JSON syntax, it is
// checked against the input contract (docs/contracts.md, docs/input.md):
// each host's config an object, defined a map of booleans, errors of
// strings, files of lists of file names, and the value of every option a
// built-in rule reads of its NixOS type (OptionTypes). A value of the wrong
// type is an error naming the host, the option and the type, never a
// value a rule silently misreads.
func ReadDocument(file string) (*evalbridge.Document, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, inputerr.New(file, err)
	}
	fail := func(format string, args ...any) error { return inputerr.Errorf(file, format, args...) }
	var doc evalbridge.Document
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && strings.HasPrefix(te.Field, "hosts.") {
			if msg := hostShapeError(b, te.Offset); msg != "" {
				return nil, inputerr.At(file, b, te.Offset, errors.New(msg))
			}
		}
		return nil, inputerr.JSON(file, b, err)
	}
	if off := dec.InputOffset(); len(bytes.TrimSpace(b[off:])) > 0 {
		return nil, inputerr.JSON(file, b, &json.SyntaxError{Offset: off})
	}
	if doc.Format != evalbridge.DocumentFormat {
		return nil, fail("not a nixsec eval document (nixsec_eval is %d, want %d)", doc.Format, evalbridge.DocumentFormat)
	}
	if len(doc.Hosts) == 0 {
		return nil, fail("the document has no hosts")
	}
	var typeErrs []string
	for i, h := range doc.Hosts {
		if h.Host == "" {
			return nil, fail("hosts[%d] has no host name", i)
		}
		for _, msg := range checkOptionTypes(h.Config) {
			typeErrs = append(typeErrs, fmt.Sprintf("host %q: %s", h.Host, msg))
		}
	}
	if len(typeErrs) > 0 {
		more := ""
		if len(typeErrs) > maxTypeErrors {
			more = fmt.Sprintf("\n  (and %d more)", len(typeErrs)-maxTypeErrors)
			typeErrs = typeErrs[:maxTypeErrors]
		}
		return nil, fail("values of the wrong type (docs/input.md, \"Option types\"):\n  %s%s", strings.Join(typeErrs, "\n  "), more)
	}
	return &doc, nil
}

// hostShapeError explains a type error inside hosts[]: which host, which
// key of which field, and what belongs there. "" when it cannot tell.
func hostShapeError(b []byte, off int64) string {
	i, raw := hostElement(b, off)
	if raw == nil {
		return ""
	}
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

// hostElement finds the element of the top-level "hosts" array that spans
// the byte offset off: its index and text; nil when there is none.
func hostElement(b []byte, off int64) (int, json.RawMessage) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0, nil
		}
		if key != "hosts" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return 0, nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return 0, nil
		}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if dec.Decode(&raw) != nil {
				return 0, nil
			}
			if dec.InputOffset() >= off {
				return i, raw
			}
		}
		return 0, nil
	}
	return 0, nil
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
