// Package sarifcheck validates nixsec's SARIF in tests: against the
// official SARIF 2.1.0 JSON schema (vendored in format/testdata), and
// against the rules the schema cannot express that GitHub code scanning
// and the SARIF spec impose (SARIF 2.1.0 §3.8.2). Only tests
// import it.
package sarifcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaID is the $id of the vendored schema (OASIS errata01).
const SchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// Validate checks a SARIF log against the schema file and the
// conformance rules; it returns every problem found.
func Validate(schemaFile string, b []byte) error {
	if err := Schema(schemaFile, b); err != nil {
		return err
	}
	return Conformance(b)
}

// Schema validates against the JSON schema, with formats (uri,
// uri-reference) asserted and no remote loading.
func Schema(schemaFile string, b []byte) error {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%s: %w", schemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return err
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("SARIF schema: %w", err)
	}
	return nil
}

type log struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string         `json:"id"`
					Name             string         `json:"name"`
					ShortDescription *text          `json:"shortDescription"`
					FullDescription  *text          `json:"fullDescription"`
					Help             *text          `json:"help"`
					Properties       map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind        string `json:"columnKind"`
		AutomationDetails *struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Message   text   `json:"message"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region        *region `json:"region"`
					ContextRegion *region `json:"contextRegion"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Fixes               []struct {
				ArtifactChanges []struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Replacements []struct {
						DeletedRegion region `json:"deletedRegion"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

type text struct {
	Text string `json:"text"`
}

type region struct {
	StartLine   *int `json:"startLine"`
	StartColumn *int `json:"startColumn"`
	EndLine     *int `json:"endLine"`
	EndColumn   *int `json:"endColumn"`
}

// Conformance checks what the schema cannot: columnKind, positions ≥ 1,
// ruleIndex agreeing with ruleId, unique rule ids, GitHub's limits on
// descriptions, names and tags, security-severity in (0, 10], relative
// URIs that stay in the tree, one run per category, one-line messages.
func Conformance(b []byte) error {
	var l log
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	categories := map[string]bool{}
	for ri, run := range l.Runs {
		cat := ""
		if run.AutomationDetails != nil {
			cat = run.AutomationDetails.ID
		}
		if categories[cat] {
			bad("runs[%d]: a second run with category %q", ri, cat)
		}
		categories[cat] = true
		if len(run.Results) > 0 && run.ColumnKind == "" {
			bad("runs[%d]: results but no columnKind", ri)
		}
		for k, base := range run.OriginalURIBaseIDs {
			if !strings.HasSuffix(base.URI, "/") {
				bad("runs[%d].originalUriBaseIds[%s]: %q does not end with /", ri, k, base.URI)
			}
		}
		rules := run.Tool.Driver.Rules
		ids := map[string]int{}
		for i, r := range rules {
			where := fmt.Sprintf("runs[%d].rules[%d] %s", ri, i, r.ID)
			if _, dup := ids[r.ID]; dup {
				bad("%s: duplicate rule id", where)
			}
			ids[r.ID] = i
			if r.Name == "" || r.Name == r.ID || utf8.RuneCountInString(r.Name) > 255 {
				bad("%s: name %q must be set, differ from the id and have at most 255 characters", where, r.Name)
			}
			for _, d := range []struct {
				name string
				t    *text
			}{{"shortDescription", r.ShortDescription}, {"fullDescription", r.FullDescription}, {"help", r.Help}} {
				if d.t == nil || d.t.Text == "" {
					bad("%s: no %s", where, d.name)
				} else if d.name != "help" && utf8.RuneCountInString(d.t.Text) > 1024 {
					bad("%s: %s longer than 1024 characters", where, d.name)
				}
			}
			if tags, _ := r.Properties["tags"].([]any); len(tags) > 20 {
				bad("%s: %d tags, GitHub allows 20", where, len(tags))
			}
			if s, ok := r.Properties["security-severity"]; ok {
				str, isStr := s.(string)
				f, err := strconv.ParseFloat(str, 64)
				if !isStr || err != nil || f <= 0 || f > 10 {
					bad("%s: security-severity %v is not a string number in (0, 10]", where, s)
				}
			}
		}
		for i, res := range run.Results {
			where := fmt.Sprintf("runs[%d].results[%d] %s", ri, i, res.RuleID)
			idx, known := ids[res.RuleID]
			if !known {
				bad("%s: ruleId not among the rules", where)
			} else if res.RuleIndex == nil || *res.RuleIndex != idx {
				bad("%s: ruleIndex %v, want %d", where, deref(res.RuleIndex), idx)
			}
			if res.Message.Text == "" || strings.ContainsAny(res.Message.Text, "\r\n") {
				bad("%s: message must be one non-empty line: %q", where, res.Message.Text)
			}
			if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
				bad("%s: no physical location", where)
				continue
			}
			for j, loc := range res.Locations {
				pl := loc.PhysicalLocation
				if pl == nil {
					continue
				}
				checkURI(bad, fmt.Sprintf("%s: locations[%d]", where, j), pl.ArtifactLocation.URI)
				if pl.Region == nil {
					bad("%s: locations[%d]: no region", where, j)
					continue
				}
				checkRegion(bad, fmt.Sprintf("%s: locations[%d].region", where, j), *pl.Region, true)
				if c := pl.ContextRegion; c != nil && !properSuperset(*c, *pl.Region) {
					bad("%s: locations[%d].contextRegion is not a proper superset of the region", where, j)
				}
			}
			if _, faked := res.PartialFingerprints["primaryLocationLineHash"]; faked {
				bad("%s: primaryLocationLineHash is GitHub's to compute", where)
			}
			for j, fix := range res.Fixes {
				for _, ch := range fix.ArtifactChanges {
					checkURI(bad, fmt.Sprintf("%s: fixes[%d]", where, j), ch.ArtifactLocation.URI)
					for _, rep := range ch.Replacements {
						checkRegion(bad, fmt.Sprintf("%s: fixes[%d] deletedRegion", where, j), rep.DeletedRegion, true)
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

func checkURI(bad func(string, ...any), where, uri string) {
	switch {
	case uri == "":
		bad("%s: empty uri", where)
	case strings.Contains(uri, "/nix/store"):
		bad("%s: uri %q points into /nix/store", where, uri)
	case strings.HasPrefix(uri, "/") || strings.Contains(uri, "://"):
		bad("%s: uri %q is not relative", where, uri)
	case uri == ".." || strings.HasPrefix(uri, "../") || strings.Contains(uri, "/../") || strings.HasSuffix(uri, "/.."):
		bad("%s: uri %q leaves the source root", where, uri)
	case strings.Contains(uri, `\`):
		bad("%s: uri %q has a backslash", where, uri)
	}
}

func checkRegion(bad func(string, ...any), where string, r region, full bool) {
	if r.StartLine == nil || *r.StartLine < 1 {
		bad("%s: startLine %v, want ≥ 1", where, deref(r.StartLine))
		return
	}
	if full && (r.StartColumn == nil || r.EndLine == nil || r.EndColumn == nil) {
		bad("%s: startColumn, endLine and endColumn are all needed", where)
		return
	}
	if r.StartColumn != nil && *r.StartColumn < 1 || r.EndColumn != nil && *r.EndColumn < 1 {
		bad("%s: a column below 1", where)
	}
	if r.EndLine != nil && r.StartColumn != nil && r.EndColumn != nil {
		if *r.EndLine < *r.StartLine || *r.EndLine == *r.StartLine && *r.EndColumn < *r.StartColumn {
			bad("%s: ends before it starts", where)
		}
	}
}

// properSuperset reports whether outer contains inner and is larger (all
// four positions set on both, as Conformance requires of regions).
func properSuperset(outer, inner region) bool {
	if outer.StartLine == nil || outer.StartColumn == nil || outer.EndLine == nil || outer.EndColumn == nil ||
		inner.StartLine == nil || inner.StartColumn == nil || inner.EndLine == nil || inner.EndColumn == nil {
		return false
	}
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }
	contains := before(*outer.StartLine, *outer.StartColumn, *inner.StartLine, *inner.StartColumn) &&
		before(*inner.EndLine, *inner.EndColumn, *outer.EndLine, *outer.EndColumn)
	same := *outer.StartLine == *inner.StartLine && *outer.StartColumn == *inner.StartColumn &&
		*outer.EndLine == *inner.EndLine && *outer.EndColumn == *inner.EndColumn
	return contains && !same
}

func deref(p *int) any {
	if p == nil {
		return "absent"
	}
	return *p
}
