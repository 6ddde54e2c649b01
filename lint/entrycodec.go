package lint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"unsafe"
)

// The findings cache's encoding (findcache.go): every exported field of
// the entry's structs, in declaration order, walked by reflection, so a
// field added to report.Finding is cached without a change here. Strings
// and lists are length-prefixed (a list's length + 1, 0 for nil: JSON
// prints the two differently), integers are varints, a pointer is a
// presence byte then its value, and an interface value (a fix's or a
// definition's Nix value) is its JSON. A warm check of a large fleet is
// mostly decoding these entries: this decodes several times faster than
// encoding/gob, which compiles a decoder for each entry's stream, and
// keeps what JSON reports leave out (an edit's Source, which fix checks).

var errEntry = errors.New("not a findings cache entry")

type entryWriter struct{ bytes.Buffer }

func (w *entryWriter) uvarint(n uint64) {
	var b [binary.MaxVarintLen64]byte
	w.Write(b[:binary.PutUvarint(b[:], n)])
}

func (w *entryWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	w.WriteString(s)
}

func (w *entryWriter) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		w.str(v.String())
	case reflect.Int, reflect.Int64, reflect.Int32:
		var b [binary.MaxVarintLen64]byte
		w.Write(b[:binary.PutVarint(b[:], v.Int())])
	case reflect.Bool:
		if v.Bool() {
			w.WriteByte(1)
		} else {
			w.WriteByte(0)
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.WriteByte(0)
			return nil
		}
		w.WriteByte(1)
		return w.value(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			w.uvarint(0)
			return nil
		}
		w.uvarint(uint64(v.Len()) + 1) //nolint:gosec // a length is never negative
		for i := range v.Len() {
			if err := w.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for _, i := range exportedFields(v.Type()) {
			if err := w.value(v.Field(i)); err != nil {
				return err
			}
		}
	case reflect.Interface:
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		w.str(string(b))
	default:
		return fmt.Errorf("findings cache: cannot encode a %s", v.Type())
	}
	return nil
}

// entryReader reads an entry from one string: every string it decodes
// is a part of it, not an allocation of its own.
type entryReader struct {
	s   string
	err error
}

func (r *entryReader) uvarint() uint64 {
	var n uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // past 64 bits
		}
		n |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return n
		}
	}
	r.err = errEntry
	return 0
}

func (r *entryReader) varint() int64 {
	u := r.uvarint()
	n := int64(u >> 1) // zig-zag, as binary.PutVarint writes it
	if u&1 != 0 {
		n = ^n
	}
	return n
}

func (r *entryReader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)) {
		r.err = errEntry
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *entryReader) flag() bool {
	if len(r.s) == 0 || r.s[0] > 1 {
		r.err = errEntry
		return false
	}
	b := r.s[0] == 1
	r.s = r.s[1:]
	return b
}

// A decoder reads a value of one type into the memory at p, which holds
// that type's zero value. Decoders are built once per type from its
// reflection (decoderOf) and then write fields through their offsets: a
// warm re-check of a large fleet decodes tens of thousands of findings,
// and a reflect.Value walk of each spent more than reading the entries.
type decoder func(r *entryReader, p unsafe.Pointer)

var decoders sync.Map // reflect.Type -> decoder

func decoderOf(t reflect.Type) decoder {
	if d, ok := decoders.Load(t); ok {
		return d.(decoder)
	}
	d := buildDecoder(t, map[reflect.Type]*decoder{})
	decoders.Store(t, d)
	return d
}

// sliceHeader is the layout of every slice value.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// buildDecoder makes t's decoder; building holds the types being built,
// which a recursive type refers to through the cell.
func buildDecoder(t reflect.Type, building map[reflect.Type]*decoder) decoder {
	if cell, ok := building[t]; ok {
		return func(r *entryReader, p unsafe.Pointer) { (*cell)(r, p) }
	}
	cell := new(decoder)
	building[t] = cell
	defer delete(building, t)
	switch t.Kind() {
	case reflect.String:
		*cell = func(r *entryReader, p unsafe.Pointer) { *(*string)(p) = r.str() }
	case reflect.Int, reflect.Int64, reflect.Int32:
		if t.Size() == 8 {
			*cell = func(r *entryReader, p unsafe.Pointer) { *(*int64)(p) = r.varint() }
			break
		}
		*cell = func(r *entryReader, p unsafe.Pointer) {
			n := r.varint()
			if n < math.MinInt32 || n > math.MaxInt32 {
				r.err = errEntry
				return
			}
			*(*int32)(p) = int32(n) //nolint:gosec // in range, checked above
		}
	case reflect.Bool:
		*cell = func(r *entryReader, p unsafe.Pointer) { *(*bool)(p) = r.flag() }
	case reflect.Pointer:
		elem := t.Elem()
		de := buildDecoder(elem, building)
		*cell = func(r *entryReader, p unsafe.Pointer) {
			if r.flag() {
				v := reflect.New(elem).UnsafePointer()
				de(r, v)
				*(*unsafe.Pointer)(p) = v
			}
		}
	case reflect.Slice:
		elem := t.Elem()
		de, size, least := buildDecoder(elem, building), elem.Size(), minSize(elem)
		*cell = func(r *entryReader, p unsafe.Pointer) {
			n := r.uvarint()
			if n == 0 || r.err != nil {
				return
			}
			// Each element takes least bytes at least: a length past what
			// is left is a broken entry, not an allocation.
			if n-1 > uint64(len(r.s)/least) { //nolint:gosec // a length is never negative
				r.err = errEntry
				return
			}
			count := int(n - 1) //nolint:gosec // at most len(r.s), checked above
			base := reflect.MakeSlice(t, count, count).UnsafePointer()
			for i := 0; i < count && r.err == nil; i++ {
				de(r, unsafe.Add(base, uintptr(i)*size))
			}
			*(*sliceHeader)(p) = sliceHeader{data: base, len: count, cap: count}
		}
	case reflect.Struct:
		type field struct {
			off uintptr
			de  decoder
		}
		var fields []field
		for _, i := range exportedFields(t) {
			f := t.Field(i)
			fields = append(fields, field{f.Offset, buildDecoder(f.Type, building)})
		}
		*cell = func(r *entryReader, p unsafe.Pointer) {
			for _, f := range fields {
				if r.err != nil {
					return
				}
				f.de(r, unsafe.Add(p, f.off))
			}
		}
	case reflect.Interface:
		*cell = func(r *entryReader, p unsafe.Pointer) {
			raw := r.str()
			if r.err != nil {
				return
			}
			x, err := jsonValue(raw)
			if err != nil {
				r.err = errEntry
				return
			}
			if x != nil {
				reflect.NewAt(t, p).Elem().Set(reflect.ValueOf(x))
			}
		}
	default:
		*cell = func(r *entryReader, _ unsafe.Pointer) { r.err = errEntry }
	}
	return *cell
}

// minSize is the fewest bytes a value of type t is written in: a byte for
// each string, number, flag, pointer, list and interface it holds.
func minSize(t reflect.Type) int {
	if t.Kind() != reflect.Struct {
		return 1
	}
	if n, ok := sizeIndex.Load(t); ok {
		return n.(int)
	}
	n := 0
	for _, i := range exportedFields(t) {
		n += minSize(t.Field(i).Type)
	}
	n = max(n, 1)
	sizeIndex.Store(t, n)
	return n
}

var sizeIndex sync.Map // reflect.Type -> int

// fieldIndex holds each struct type's exported fields, looked up once.
var fieldIndex sync.Map // reflect.Type -> []int

func exportedFields(t reflect.Type) []int {
	if f, ok := fieldIndex.Load(t); ok {
		return f.([]int)
	}
	var out []int
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && f.Tag.Get("entry") != "-" {
			out = append(out, i)
		}
	}
	fieldIndex.Store(t, out)
	return out
}

// jsonValue decodes a JSON value as encoding/json with UseNumber does (the
// rules' results hold numbers as json.Number); the common small values
// without a decoder.
func jsonValue(s string) (any, error) {
	switch {
	case s == "null":
		return nil, nil
	case s == "true":
		return true, nil
	case s == "false":
		return false, nil
	case s == "[]":
		return []any{}, nil
	case len(s) > 0 && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s)):
		return json.Number(s), nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, errEntry
	}
	return x, nil
}
