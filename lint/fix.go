package lint

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/nixsec/nixsec/lint/nixsyntax"
	"github.com/nixsec/nixsec/optpath"
	"github.com/nixsec/nixsec/report"
	"github.com/nixsec/nixsec/rule"
)

// Fix applies the fixes of a check's findings to the flake's checkout,
// then checks again: findings gone, left, new. An edit that makes a host
// fail to evaluate rolls every edit back. With dryRun it only plans.
func Fix(ctx context.Context, cfg Config, dryRun bool) (*report.FixResult, error) {
	if cfg.Eval.FromJSON != "" {
		return nil, errors.New("fix edits a flake's checkout: a --from-json document has none")
	}
	before, err := Run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if len(before.Errors) > 0 {
		return &report.FixResult{Before: before}, fmt.Errorf("%d evaluation errors: fix only a flake whose hosts evaluate (nixsec check shows them)", len(before.Errors))
	}
	// An edit of a shared module reaches hosts outside --host: they are
	// checked too, before (they must evaluate) and after.
	all := cfg
	all.Eval.Hosts = nil
	if len(cfg.Eval.Hosts) > 0 {
		others, err := Run(ctx, all)
		if err != nil {
			return nil, err
		}
		if len(others.Errors) > 0 {
			return &report.FixResult{Before: before}, fmt.Errorf("%d evaluation errors in the flake's other hosts: fix only a flake whose hosts evaluate (nixsec check shows them)", len(others.Errors))
		}
	}
	root := before.Root
	if root == "" {
		return nil, fmt.Errorf("%s is not a local checkout: fix edits files", cfg.Eval.Flake)
	}
	res := &report.FixResult{Before: before}
	originals := map[string]string{}
	cur := before
	// A fix can reveal the next (turning the firewall on makes the open
	// SSH port count): plan, write and check again, a few rounds at most.
	for round := 0; round < maxFixRounds; round++ {
		p, err := plan(ctx, cfg, cur, root)
		if err != nil {
			if rerr := restore(root, originals); rerr != nil {
				return res, fmt.Errorf("%w; and rolling back failed: %w", err, rerr)
			}
			return res, err
		}
		res.Applied = append(res.Applied, p.Applied...)
		res.Refused, res.Manual = p.Refused, p.Manual
		if dryRun {
			res.Files = p.Files
			return res, nil
		}
		if len(p.Files) == 0 {
			break
		}
		for _, c := range p.Files {
			if _, ok := originals[c.File]; !ok {
				originals[c.File] = c.Before
			}
		}
		if err := writeChanges(root, p.Files, false); err != nil {
			if rerr := restore(root, originals); rerr != nil {
				return res, fmt.Errorf("%w; and rolling back failed: %w", err, rerr)
			}
			return res, err
		}
		after, err := Run(ctx, all)
		if err == nil && len(after.Errors) > 0 {
			err = fmt.Errorf("after the edits, %s", describeErrors(after.Errors))
		}
		if err != nil {
			res.RolledBack = err.Error()
			if rerr := restore(root, originals); rerr != nil {
				return res, fmt.Errorf("%w; and rolling back failed: %w", err, rerr)
			}
			for file, text := range originals {
				res.Files = append(res.Files, report.FileChange{File: file, Before: text, After: text})
			}
			sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].File < res.Files[j].File })
			return res, nil
		}
		if len(cfg.Eval.Hosts) > 0 {
			after.Findings = onHosts(after.Findings, cfg.Eval.Hosts)
		}
		gone, _, _ := compareFindings(cur.Findings, after.Findings)
		cur = after
		res.After = after
		if len(gone) == 0 {
			break // the edits fixed nothing: another round would repeat them
		}
	}
	for file, old := range originals {
		now, err := readCheckout(root, file)
		if err != nil {
			return res, err
		}
		res.Files = append(res.Files, report.FileChange{File: file, Before: old, After: now})
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].File < res.Files[j].File })
	if res.After != nil {
		res.Gone, res.Remain, res.New = compareFindings(before.Findings, res.After.Findings)
	}
	return res, nil
}

// maxFixRounds bounds fix's rounds of plan, write, check.
const maxFixRounds = 4

// restore writes back the files' original text.
func restore(root string, originals map[string]string) error {
	var files []report.FileChange
	for file, text := range originals {
		files = append(files, report.FileChange{File: file, Before: text})
	}
	return writeChanges(root, files, true)
}

// plan turns the findings of a check into edits of the checkout: each
// finding's Edit (once, for the hosts that share it), refused where two
// touch the same place or the file changed; the rest listed with why.
func plan(ctx context.Context, cfg Config, rep *report.Report, root string) (*report.FixResult, error) {
	res := &report.FixResult{}
	// Loaded once a round, when a fix's option is set outside the checkout.
	co := sync.OnceValues(func() (*checkout, error) {
		cfg.Select.PolicyDirs = nil // the built-in rules' aliases suffice
		return openCheckout(ctx, cfg)
	})
	edits := map[string][]nixsyntax.Edit{}
	texts := map[string]string{}
	planned := map[string]bool{} // file, region and text: once for the hosts that share it
	var err error
	for _, f := range rep.Findings {
		if !f.Counts() {
			continue
		}
		switch {
		case f.Fix == nil:
			res.Manual = append(res.Manual, report.FixItem{Finding: f})
			continue
		case f.Edit == nil:
			reason := f.NoEdit
			if reason == "" {
				reason = "no edit is known for it"
			}
			if strings.Contains(reason, "set outside the checkout") {
				reason, f.Edit = outsideWinner(ctx, co, f, reason)
			}
			if f.Edit == nil {
				res.Refused = append(res.Refused, report.FixItem{Finding: f, Reason: reason})
				continue
			}
		}
		e := f.Edit
		key := fmt.Sprintf("%s\x00%d:%d-%d:%d\x00%s", e.File, e.StartLine, e.StartCol, e.EndLine, e.EndCol, e.Text)
		if planned[key] {
			res.Applied = append(res.Applied, report.FixItem{Finding: f, Edit: e})
			continue
		}
		text, ok := texts[e.File]
		if !ok {
			if text, err = readCheckout(root, e.File); err != nil {
				res.Refused = append(res.Refused, report.FixItem{Finding: f, Reason: err.Error()})
				continue
			}
			texts[e.File] = text
		}
		// The edit is a place in the file nix evaluated. A checkout file
		// with other bytes (.gitattributes' export-subst, ident or eol
		// rewrite what nix copies) would take it somewhere else.
		if sum := sha256.Sum256([]byte(text)); hex.EncodeToString(sum[:]) != e.Source {
			res.Refused = append(res.Refused, report.FixItem{Finding: f,
				Reason: e.File + " in the checkout differs from the copy nix evaluated (.gitattributes export-subst, ident or eol?): nixsec edits only the bytes it read"})
			continue
		}
		start, end := offset(text, e.StartLine, e.StartCol), offset(text, e.EndLine, e.EndCol)
		if start < 0 || end < start {
			res.Refused = append(res.Refused, report.FixItem{Finding: f, Reason: e.File + " changed since it was evaluated"})
			continue
		}
		next := append(append([]nixsyntax.Edit(nil), edits[e.File]...), nixsyntax.Edit{Start: start, End: end, Text: e.Text})
		if _, err := nixsyntax.ApplyEdits(text, next); err != nil {
			res.Refused = append(res.Refused, report.FixItem{Finding: f, Reason: "another fix edits the same place of " + e.File})
			continue
		}
		edits[e.File] = next
		planned[key] = true
		res.Applied = append(res.Applied, report.FixItem{Finding: f, Edit: e})
	}
	for file, es := range edits {
		after, err := nixsyntax.ApplyEdits(texts[file], es)
		if err == nil {
			_, err = nixsyntax.ParseContext(ctx, file, []byte(after))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: the edits together would not parse: %w", file, err)
		}
		res.Files = append(res.Files, report.FileChange{File: file, Before: texts[file], After: after})
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].File < res.Files[j].File })
	return res, nil
}

// outsideWinner names the definition outside the checkout that sets a
// fix's option (`nixsec why` for that option, on the checkout loaded
// once for the run). One with a weaker priority than a plain definition
// (mkDefault) loses to the setting inserted into the host's module: that
// edit is the second result. A plain or stronger one (mkForce) would win
// over it: no edit, and the reason says so.
func outsideWinner(ctx context.Context, co func() (*checkout, error), f report.Finding, reason string) (string, *report.Edit) {
	c, err := co()
	if err != nil {
		return reason, nil
	}
	e, err := c.why(ctx, f.Host, f.Fix.Path)
	if err != nil {
		return reason, nil
	}
	for _, d := range e.Definitions {
		if d.Status != "wins" && d.Status != "merged" {
			continue
		}
		how := fmt.Sprintf("priority %d", d.Priority)
		if d.Wrapper != "" {
			how = d.Wrapper + ", " + how
		}
		if d.Priority <= 100 {
			return fmt.Sprintf("%s is set by %s (%s): a plain definition in the checkout would not win; nixsec does not write a stronger one (lib.mkForce) for you",
				f.Fix.Path, d.Location.File, how), nil
		}
		reason = fmt.Sprintf("%s is set by %s (%s): add `%s = %s;` to the host's module, which wins over it",
			f.Fix.Path, d.Location.File, how, f.Fix.Path, fixValueText(f))
		fixPath, err := optpath.Parse(f.Fix.Path)
		if err != nil {
			return reason, nil
		}
		edit, why := c.src.insertFix(f.Host, &f, fixPath, rule.NixValue(f.Fix.Value))
		if edit == nil && why != "" {
			reason += " (" + why + ")"
		}
		return reason, edit
	}
	return reason, nil
}

// onHosts keeps the findings of the given hosts.
func onHosts(fs []report.Finding, hosts []string) []report.Finding {
	var out []report.Finding
	for _, f := range fs {
		if slices.Contains(hosts, f.Host) {
			out = append(out, f)
		}
	}
	return out
}

func describeErrors(errs []report.HostError) string {
	e := errs[0]
	where := "host " + e.Host
	if e.Path != "" {
		where += ", option " + e.Path
	}
	more := ""
	if len(errs) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(errs)-1)
	}
	return fmt.Sprintf("%s no longer evaluates: %s%s", where, e.Message, more)
}

// compareFindings matches the findings of the two checks: by rule, host,
// option and message, then, for a message that changed with the value,
// by rule, host and option (lines move with the edits).
func compareFindings(before, after []report.Finding) (gone, remain, added []report.Finding) {
	exact := func(f report.Finding) string {
		return f.RuleID + "\x00" + f.Host + "\x00" + f.Path + "\x00" + f.Message
	}
	loose := func(f report.Finding) string { return f.RuleID + "\x00" + f.Host + "\x00" + f.Path }
	left := map[string]int{}
	for _, f := range after {
		if f.Counts() {
			left[exact(f)]++
		}
	}
	var unmatched []report.Finding
	for _, f := range before {
		if !f.Counts() {
			continue
		}
		if left[exact(f)] > 0 {
			left[exact(f)]--
			remain = append(remain, f)
		} else {
			unmatched = append(unmatched, f)
		}
	}
	changed := map[string]int{}
	for _, f := range after {
		if f.Counts() && left[exact(f)] > 0 {
			left[exact(f)]--
			changed[loose(f)]++
			added = append(added, f)
		}
	}
	for _, f := range unmatched {
		if changed[loose(f)] > 0 {
			changed[loose(f)]--
			remain = append(remain, f)
			added = removeLoose(added, loose(f), loose)
		} else {
			gone = append(gone, f)
		}
	}
	return gone, remain, added
}

// removeLoose drops the first finding with the key from fs.
func removeLoose(fs []report.Finding, key string, loose func(report.Finding) string) []report.Finding {
	for i, f := range fs {
		if loose(f) == key {
			return append(fs[:i:i], fs[i+1:]...)
		}
	}
	return fs
}

// readCheckout reads a flake file of the checkout, inside root only and
// only a regular .nix file (os.Root: no symlink or ".." leads out).
func readCheckout(root, rel string) (string, error) {
	if !strings.HasSuffix(rel, ".nix") {
		return "", fmt.Errorf("%s: fix edits only .nix files", rel)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer func() { _ = r.Close() }()
	fi, err := r.Lstat(filepath.FromSlash(rel))
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", &fs.PathError{Op: "fix", Path: rel, Err: errors.New("not a regular file")}
	}
	// A hard link's other names may be outside the checkout.
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		return "", &fs.PathError{Op: "fix", Path: rel, Err: errors.New("has other hard links, which an edit would change too")}
	}
	b, err := r.ReadFile(filepath.FromSlash(rel))
	return string(b), err
}

// writeChanges writes each file's new text (or, back, its old one), inside
// root only: into a new file beside it with its mode, renamed over it, so
// that an interruption leaves the old text or the new, never half.
func writeChanges(root string, files []report.FileChange, back bool) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	var errs []error
	for _, c := range files {
		text := c.After
		if back {
			text = c.Before
		}
		if err := replaceFile(r, filepath.FromSlash(c.File), text); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.File, err))
		}
	}
	return errors.Join(errs...)
}

func replaceFile(r *os.Root, name, text string) error {
	fi, err := r.Lstat(name)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".nixsec-fix")
	_ = r.Remove(tmp)
	f, err := r.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = r.Chmod(tmp, fi.Mode().Perm()) // whatever the umask took
	}
	if err == nil {
		err = r.Rename(tmp, name)
	}
	if err != nil {
		_ = r.Remove(tmp)
	}
	return err
}

func fixValueText(f report.Finding) string { return rule.NixValue(f.Fix.Value) }
