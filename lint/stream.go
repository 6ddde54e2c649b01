package lint

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"github.com/nixsec/nixsec/evalbridge"
	"github.com/nixsec/nixsec/inputerr"
)

// streamDocument opens a document written by `nixsec eval` for a run
// that reads its hosts one at a time: a NixOS-sized host decodes to about
// 1.2 MiB (docs/performance.md, "Scaling"), so a fleet's document is
// never in memory at once.
//
// Two passes over the file. The first (readHeader) checks the syntax of
// the whole document, reads its top-level fields in any order (a
// stranger's file may put "hosts" first), counts the hosts and gathers
// the files they list, holding one host's text at a time. The second
// (the source's hosts) decodes each host, checks it as ReadDocument
// always did, and hands it on. A host with values of the wrong type
// stops the handing out; its error, with every other host's, fails the
// run at the end (docs/input.md, "Option types"), so findings of the
// hosts linted before are never reported as a pass.
//
// The returned source's doc has every field but the hosts; its root
// (sourceFS, positions.go) may read the files the hosts list, which the
// first pass gathered, and no other.
func streamDocument(file string) (*hostSource, error) {
	f, err := openDocFile(file)
	if err != nil {
		return nil, err
	}
	hd, err := f.readHeader()
	if err == nil && hd.doc.Format != evalbridge.DocumentFormat {
		err = f.fail("not a nixsec eval document (nixsec_eval is %d, want %d)", hd.doc.Format, evalbridge.DocumentFormat)
	}
	if err == nil && hd.count == 0 {
		err = f.fail("the document has no hosts")
	}
	if err != nil {
		f.close()
		return nil, err
	}
	doc := hd.doc
	listed := doc
	listed.Hosts = []evalbridge.HostEval{listingHost(hd.files)}
	return &hostSource{doc: &doc, root: sourceFS(&listed), hosts: func(ctx context.Context, emit func(evalbridge.HostEval), _ func(string, string) bool) ([]evalbridge.HostEval, error) {
		defer f.close()                     // the second pass is the last
		return f.streamHosts(ctx, hd, emit) // no evaluation cache key: nothing to skip
	}}, nil
}

// listingHost is a nameless host listing the files a document's hosts
// list, for sourceFS, which reads only those of a document's root.
func listingHost(files map[string]bool) evalbridge.HostEval {
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	return evalbridge.HostEval{Files: map[string][]string{"": names}}
}

// docFile is the document's file, opened once for both passes: a regular
// file is read from that one descriptor at each pass's offsets (a path
// swapped between the passes, for a pipe or another file, changes
// nothing); anything else (a pipe, read only once) read into memory, as
// ReadDocument always read it.
type docFile struct {
	name string
	file *os.File // a regular file
	data []byte   // the content, when not a regular file
	size int64
}

func openDocFile(name string) (*docFile, error) {
	r, err := os.Open(name)
	if err != nil {
		return nil, inputerr.New(name, err)
	}
	fi, err := r.Stat()
	if err != nil {
		_ = r.Close()
		return nil, inputerr.New(name, err)
	}
	f := &docFile{name: name, size: fi.Size()}
	if fi.Mode().IsRegular() {
		f.file = r // open for the run, as the document's hosts are read
		return f, nil
	}
	defer func() { _ = r.Close() }()
	if f.data, err = io.ReadAll(r); err != nil {
		return nil, inputerr.New(name, err)
	}
	f.size = int64(len(f.data))
	return f, nil
}

// close releases the descriptor; reads after it fail.
func (f *docFile) close() {
	if f.file != nil {
		_ = f.file.Close()
	}
}

// open reads the file from byte offset at.
func (f *docFile) open(at int64) io.Reader {
	if f.file == nil {
		return bytes.NewReader(f.data[min(at, int64(len(f.data))):])
	}
	return io.NewSectionReader(f.file, at, max(0, f.size-at))
}

// span is the text of bytes [from, to) of the file.
func (f *docFile) span(from, to int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(f.open(from), max(0, to-from)))
	return b
}

func (f *docFile) fail(format string, args ...any) error {
	return inputerr.Errorf(f.name, format, args...)
}

// at is err at byte offset off, with its line and column counted from
// the file as inputerr.Position counts them from the content.
func (f *docFile) at(off int64, err error) error {
	e := &inputerr.Error{File: f.name, Err: err}
	if f.data != nil {
		e.Line, e.Col = inputerr.Position(f.data, off)
		return e
	}
	br := bufio.NewReader(io.LimitReader(f.open(0), off))
	e.Line, e.Col = 1, 1
	for {
		c, rerr := br.ReadByte()
		if rerr != nil {
			return e
		}
		if c == '\n' {
			e.Line++
			e.Col = 1
		} else {
			e.Col++
		}
	}
}

// jsonError places a decoding error as inputerr.JSON does, for a decoder
// that stopped at byte offset pos of the file. A SyntaxError's own
// offset counts only the bytes Decode scanned, not those Token stepped
// over, so the value at pos is scanned again alone to find the place.
func (f *docFile) jsonError(err error, pos int64) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return f.at(f.size, errors.New("the document ends early (truncated?)"))
	case errors.As(err, &se):
		off := pos
		var again *json.SyntaxError
		if errors.As(json.NewDecoder(f.open(pos)).Decode(&skipValue{}), &again) {
			off = pos + again.Offset
		}
		return f.at(off, err)
	}
	return inputerr.New(f.name, err)
}

// skipValue is a JSON value read for its syntax only.
type skipValue struct{}

func (*skipValue) UnmarshalJSON([]byte) error { return nil }

// docHeader is what the first pass learns.
type docHeader struct {
	doc     evalbridge.Document // without its hosts
	hostsAt int64               // byte offset of the hosts array's '['
	count   int                 // hosts
	files   map[string]bool     // every file a host lists
}

// readHeader is the first pass. It reports errors in ReadDocument's order:
// JSON syntax anywhere, then a value of the wrong type among the
// top-level fields, then data after the document.
func (f *docFile) readHeader() (*docHeader, error) {
	r := f.open(0)
	dec := json.NewDecoder(r)
	dec.UseNumber()
	hd := &docHeader{hostsAt: -1, files: map[string]bool{}}
	// token reads a token where the document cannot end.
	token := func() (json.Token, error) {
		t, err := dec.Token()
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, f.jsonError(err, dec.InputOffset())
		}
		return t, nil
	}
	t, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return nil, inputerr.New(f.name, errors.New("the file is empty"))
	}
	if err != nil {
		return nil, f.jsonError(err, dec.InputOffset())
	}
	switch t := t.(type) {
	case nil: // null decodes to an empty document
		return hd, f.trailing(dec, r)
	case json.Delim: // '[': not an object, once it is known to be JSON
		if t != '{' {
			for dec.More() {
				if err := dec.Decode(&skipValue{}); err != nil {
					return nil, f.jsonError(err, dec.InputOffset())
				}
			}
			if _, err := token(); err != nil {
				return nil, err
			}
			return nil, f.at(1, &json.UnmarshalTypeError{Value: "array", Type: reflect.TypeFor[evalbridge.Document](), Offset: 1})
		}
	default: // a string, number or boolean: the error decoding it gives
		lit, _ := json.Marshal(t)
		err := json.Unmarshal(lit, &evalbridge.Document{})
		if err == nil { // never: a scalar is no document
			err = errors.New("not an object")
		}
		return nil, f.at(dec.InputOffset(), err)
	}
	var typeErr error // the first value of the wrong type
	for dec.More() {
		k, err := token()
		if err != nil {
			return nil, err
		}
		keyEnd := dec.InputOffset()
		key, _ := k.(string)
		if !isHostsKey(key) {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, f.jsonError(err, dec.InputOffset())
			}
			if err := setField(&hd.doc, key, raw, dec.InputOffset()-int64(len(raw))); err != nil && typeErr == nil {
				typeErr = f.typeError(err)
			}
			continue
		}
		if hd.hostsAt >= 0 && typeErr == nil {
			// Decoding would merge the two arrays host by host: refuse
			// to guess which fleet the file means.
			typeErr = f.at(keyEnd, errors.New(`"hosts" appears twice`))
		}
		v, err := token()
		if err != nil {
			return nil, err
		}
		valueEnd := dec.InputOffset() // where decoding placed a type error
		switch v {
		case json.Delim('['):
			hd.hostsAt = dec.InputOffset() - 1
			if err := f.scanHosts(dec, hd); err != nil {
				return nil, err
			}
			if _, err := token(); err != nil {
				return nil, err
			}
		case nil: // null: no hosts
		default:
			lit, _ := json.Marshal(v)
			if v == json.Delim('{') {
				lit = []byte("{}")
				if err := skipObject(dec); err != nil {
					return nil, f.jsonError(err, dec.InputOffset())
				}
			}
			if err := setField(&hd.doc, key, lit, 0); err != nil && typeErr == nil {
				var fe *fieldError
				if errors.As(err, &fe) {
					fe.off = valueEnd
				}
				typeErr = f.typeError(err)
			}
		}
	}
	if _, err := token(); err != nil {
		return nil, err
	}
	if typeErr != nil {
		return nil, typeErr
	}
	return hd, f.trailing(dec, r)
}

// scanHosts reads the elements of the hosts array, each alone, for their
// syntax, their number and the files they list. Their types are the
// second pass's to check.
func (f *docFile) scanHosts(dec *json.Decoder, hd *docHeader) error {
	for dec.More() {
		var h struct {
			Files map[string][]string `json:"files"`
		}
		err := dec.Decode(&h)
		var te *json.UnmarshalTypeError
		if err != nil && !errors.As(err, &te) {
			return f.jsonError(err, dec.InputOffset())
		}
		for _, names := range h.Files {
			for _, n := range names {
				hd.files[n] = true
			}
		}
		hd.count++
	}
	return nil
}

// skipObject reads the rest of an object whose '{' Token returned.
func skipObject(dec *json.Decoder) error {
	for dec.More() {
		if _, err := dec.Token(); err != nil {
			return err
		}
		if err := dec.Decode(&skipValue{}); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// fieldError is a top-level value of the wrong type, at offset off.
type fieldError struct {
	off int64
	err error
}

func (e *fieldError) Error() string { return e.err.Error() }

func (e *fieldError) Unwrap() error { return e.err }

func (f *docFile) typeError(err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return f.at(fe.off, fe.err)
	}
	return inputerr.New(f.name, err)
}

// setField decodes one top-level field into doc as decoding the whole
// document would: the same field matching (case-insensitive), merging and
// error message. raw starts at byte offset at of the file.
func setField(doc *evalbridge.Document, key string, raw []byte, at int64) error {
	k, _ := json.Marshal(key)
	prefix := len(k) + 2
	obj := make([]byte, 0, prefix+len(raw)+1)
	obj = append(append(append(append(obj, '{'), k...), ':'), raw...)
	obj = append(obj, '}')
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.UseNumber()
	err := dec.Decode(doc)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &fieldError{off: at + max(0, te.Offset-int64(prefix)), err: err}
	}
	return err
}

// isHostsKey tells whether decoding would put key's value in Hosts.
func isHostsKey(key string) bool {
	k, _ := json.Marshal(key)
	var d evalbridge.Document
	_ = json.Unmarshal([]byte("{"+string(k)+":[{}]}"), &d)
	return len(d.Hosts) == 1
}

// trailing refuses anything but white space after the document, as
// ReadDocument's bytes.TrimSpace did.
func (f *docFile) trailing(dec *json.Decoder, rest io.Reader) error {
	end := dec.InputOffset()
	br := bufio.NewReader(io.MultiReader(dec.Buffered(), rest))
	for {
		c, _, err := br.ReadRune()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return inputerr.New(f.name, err)
		}
		if !unicode.IsSpace(c) {
			return f.at(end, errors.New("unexpected data after the document"))
		}
	}
}

// streamHosts is the second pass: each host decoded and checked in turn,
// and handed to emit (when set) before the next is read.
func (f *docFile) streamHosts(ctx context.Context, hd *docHeader, emit func(evalbridge.HostEval)) ([]evalbridge.HostEval, error) {
	changed := f.fail("the document changed while nixsec read it")
	dec := json.NewDecoder(f.open(hd.hostsAt))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, changed
	}
	out := make([]evalbridge.HostEval, 0, hd.count)
	var typeErrs []string // the first maxTypeErrors
	nTypeErrs := 0
	i := 0
	for ; dec.More(); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pre := dec.InputOffset()
		var h evalbridge.HostEval
		if err := dec.Decode(&h); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				return nil, f.hostTypeError(i, hd.hostsAt+pre, hd.hostsAt+dec.InputOffset(), te)
			}
			return nil, f.jsonError(err, hd.hostsAt+dec.InputOffset())
		}
		if h.Host == "" {
			return nil, f.fail("hosts[%d] has no host name", i)
		}
		msgs := checkOptionTypes(h.Config)
		for _, msg := range msgs {
			if len(typeErrs) < maxTypeErrors {
				typeErrs = append(typeErrs, fmt.Sprintf("host %q: %s", h.Host, msg))
			}
		}
		nTypeErrs += len(msgs)
		if nTypeErrs > 0 {
			continue // the run fails: lint no more
		}
		if emit != nil {
			emit(h)
			h = evalbridge.HostEval{Host: h.Host, Error: h.Error}
		}
		out = append(out, h)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') || i != hd.count {
		return nil, changed
	}
	if nTypeErrs > 0 {
		more := ""
		if nTypeErrs > maxTypeErrors {
			more = fmt.Sprintf("\n  (and %d more)", nTypeErrs-maxTypeErrors)
		}
		return nil, f.fail("values of the wrong type (docs/input.md, \"Option types\"):\n  %s%s", strings.Join(typeErrs, "\n  "), more)
	}
	return out, nil
}

// hostTypeError explains a value of the wrong type in hosts[i], whose
// text (after a comma for i > 0) spans bytes [from, to) of the file.
func (f *docFile) hostTypeError(i int, from, to int64, te *json.UnmarshalTypeError) error {
	start := from
	if i > 0 {
		start++ // Decode stepped over the comma before the host
	}
	raw := bytes.TrimSpace(f.span(start, to))
	if msg := hostShapeError(i, raw); msg != "" {
		return f.at(start+te.Offset, errors.New(msg))
	}
	// As decoding the whole document named it.
	named := *te
	named.Struct, named.Field = "Document", strings.TrimSuffix("hosts."+te.Field, ".")
	return f.at(start+te.Offset, &named)
}
