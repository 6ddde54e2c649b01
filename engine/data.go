package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"go.yaml.in/yaml/v3"

	"github.com/nixsec/nixsec/inputerr"
)

// UserDataRef is where the --data files are mounted for policies.
const UserDataRef = "data.nixsec.user"

// LoadData reads the --data files (JSON, or YAML when the name ends in
// .yaml or .yml), each an object, and merges them: objects merge key by
// key, and a key that two files both set (other than to two objects) is an
// error naming both files. The result is what policies read under
// data.nixsec.user; with no files it is an empty object.
func LoadData(files []string) (map[string]any, error) {
	merged := map[string]any{}
	owner := map[string]string{} // merged key path -> the file that set it
	for _, f := range files {
		doc, err := readDataFile(f)
		if err != nil {
			return nil, err
		}
		if err := mergeData(merged, doc, nil, f, owner); err != nil {
			return nil, err
		}
	}
	return merged, nil
}

func readDataFile(file string) (map[string]any, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, inputerr.New(file, err)
	}
	var v any
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		var y any
		dec := yaml.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(&y); err != nil && !errors.Is(err, io.EOF) {
			return nil, inputerr.New(file, err)
		}
		if v, err = jsonCompatible(y); err != nil {
			return nil, inputerr.New(file, err)
		}
	default:
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, inputerr.JSON(file, b, err)
		}
		if dec.More() {
			return nil, inputerr.Errorf(file, "more than one JSON value")
		}
	}
	if v == nil {
		return map[string]any{}, nil // an empty file
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, inputerr.Errorf(file, "the top level must be an object (keys under data.nixsec.user), not %T", v)
	}
	return obj, nil
}

// jsonCompatible turns a decoded YAML value into what encoding/json would
// have produced (numbers as json.Number, dates as strings), rejecting
// mappings whose keys are not strings.
func jsonCompatible(y any) (any, error) {
	if err := checkKeys(y, "$"); err != nil {
		return nil, err
	}
	b, err := json.Marshal(y)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func checkKeys(y any, at string) error {
	switch x := y.(type) {
	case map[string]any:
		for k, v := range x {
			if err := checkKeys(v, at+"."+k); err != nil {
				return err
			}
		}
	case map[any]any:
		for k := range x {
			return fmt.Errorf("%s: key %v is not a string", at, k)
		}
	case []any:
		for i, v := range x {
			if err := checkKeys(v, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func mergeData(dst, src map[string]any, at []string, file string, owner map[string]string) error {
	keys := make([]string, 0, len(src))
	for k := range src {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := append(append([]string{}, at...), k)
		name := strings.Join(p, ".")
		sv := src[k]
		dv, exists := dst[k]
		if !exists {
			dst[k] = sv
			owner[name] = file
			continue
		}
		do, dok := dv.(map[string]any)
		so, sok := sv.(map[string]any)
		if dok && sok {
			if err := mergeData(do, so, p, file, owner); err != nil {
				return err
			}
			continue
		}
		return inputerr.Errorf(file, "key %s is set in both %s and %s", name, ownerOf(owner, p), file)
	}
	return nil
}

// ownerOf is the file that set the key path, or one of its prefixes.
func ownerOf(owner map[string]string, p []string) string {
	for i := len(p); i > 0; i-- {
		if f, ok := owner[strings.Join(p[:i], ".")]; ok {
			return f
		}
	}
	return "?"
}

// dataStore mounts the user data under data.nixsec.user.
func dataStore(user map[string]any) storage.Store {
	if user == nil {
		user = map[string]any{}
	}
	return inmem.NewFromObject(map[string]any{"nixsec": map[string]any{"user": user}})
}

// WithData sets the document mounted under data.nixsec.user when the
// bundle is prepared (LoadData reads it). Call it before Prepare.
func (b *Bundle) WithData(user map[string]any) *Bundle {
	b.data = user
	return b
}
