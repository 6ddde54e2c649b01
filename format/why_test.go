package format

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nixsec/nixsec/report"
)

// Everything in an explanation but its status words comes from the
// flake: printed escaped, in text and in JSON.
func TestWhyEscapes(t *testing.T) {
	hostile := "x\x1b]8;;http://evil\x07\n::error::y\u202e"
	e := &report.Explanation{Host: hostile, Option: "a." + hostile, Declared: true, DeclaredAs: hostile, Type: hostile,
		Present: true, Value: hostile, Merge: "single",
		Definitions: []report.Definition{{Location: report.Location{File: hostile, StartLine: 1, StartCol: 1}, Name: hostile,
			Value: hostile, Priority: 100, Wrapper: hostile, Status: "wins", Evaluated: true, Note: hostile, Source: hostile}},
		Notes: []string{hostile}}
	var txt, js bytes.Buffer
	if err := WhyText(&txt, e); err != nil {
		t.Fatal(err)
	}
	if err := WhyJSON(&js, e); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": txt.String(), "json": js.String()} {
		if strings.ContainsAny(out, "\x1b\x07\u202e") || strings.Contains(out, "\n::error::") {
			t.Errorf("%s output carries control characters or a workflow command:\n%q", name, out)
		}
	}
	var back map[string]any
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back["version"] != 1.0 {
		t.Errorf("json: %v %v", err, back)
	}
}
