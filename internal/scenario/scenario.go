package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/strictyaml"
	"github.com/mockekyc/mockekyc/mockekycadmin"
)

// Catalogue is what the loader and matcher know of the vendors. It is
// implemented by the package that reads the vendors' API descriptions, and it
// must not change while a Set uses it: the Set caches what it answers.
type Catalogue interface {
	// Endpoints lists a vendor's operationIds; nil means an unknown vendor.
	Endpoints(vendor string) []string
	// Codes lists the documented codes of an endpoint; endpoint "" means the
	// union over the vendor's endpoints.
	Codes(vendor, endpoint string) []string
	// Messages lists the documented message variants of a code (may be empty).
	Messages(vendor, endpoint, code string) []string
}

// Faults a rule can ask for instead of (or besides) a documented answer.
const (
	FaultConnectionReset = "connection_reset"
	FaultTimeout         = "timeout"
	FaultEmptyBody       = "empty_body"
	FaultMalformedBody   = "malformed_body"
	FaultHTTP500         = "http_500"
	FaultHTTP502         = "http_502"
	FaultHTTP503         = "http_503"
	FaultHTTP504         = "http_504"
)

// Faults lists the faults a rule, or an X-Mockekyc-Fault header, can ask for.
func Faults() []string {
	return []string{
		FaultConnectionReset, FaultTimeout, FaultEmptyBody, FaultMalformedBody,
		FaultHTTP500, FaultHTTP502, FaultHTTP503, FaultHTTP504,
	}
}

// Reasons an Outcome was chosen.
const (
	ReasonScenario = "scenario" // a rule matched
	ReasonMarker   = "marker"   // an image marker named a documented code
)

// MaxDelay bounds respond.delay: a longer wait is almost always a unit typo
// ("1500s" for "1500ms") and would hang a test suite.
const MaxDelay = 5 * time.Minute

// Facts are what a request said, gathered by the vendor handler after auth.
type Facts struct {
	Vendor, Endpoint, Credential string
	NIK, Phone                   string
	Digests                      []string            // SHA-256 hex of each image in the request
	Markers                      []map[string]string // parsed image markers, e.g. {"scenario":"forged"}
	Header                       http.Header
	Fields                       map[string]string
}

// Outcome is what a matched rule (or an image marker) says to answer.
type Outcome struct {
	Code, Message string
	// Set is shared with the rule and every other Outcome of it (copying it
	// per request would cost the hot path): read it, never modify it.
	Set    map[string]any
	Delay  time.Duration
	Fault  string
	Rule   string // rule name ("" for a marker)
	RuleID string
	Source string // "file.yaml:12", "admin", "embedded:scenarios/x.yaml:3"; "" for a marker
	Reason string // ReasonScenario or ReasonMarker
}

// Rule is one scenario rule. Its JSON form is what the admin API accepts
// (see ParseJSONRule) and uses the same key names as the YAML files.
type Rule struct {
	Name     string  `json:"name"`
	Vendor   string  `json:"vendor"`
	Endpoint string  `json:"endpoint,omitempty"`
	Match    Match   `json:"match"`
	Respond  Respond `json:"respond"`
	Times    int     `json:"times,omitempty"`
	// Source is where the rule came from; the loaders and Set.Add fill it in.
	Source string `json:"source,omitempty"`
}

// Match holds the conditions of a rule; every non-empty one must hold. It
// is the admin API's public type: a rule's conditions travel as they are
// kept.
type Match = mockekycadmin.Match

// Respond is what a matching rule answers.
type Respond struct {
	Code    string         `json:"code,omitempty"`
	Message string         `json:"message,omitempty"`
	Set     map[string]any `json:"set,omitempty"`
	Delay   time.Duration  `json:"delay,omitempty"`
	Fault   string         `json:"fault,omitempty"`
}

// respondJSON is Respond as it travels: the delay is a Go duration string
// ("1500ms") in JSON as in YAML, not a count of nanoseconds.
type respondJSON struct {
	Code    string         `json:"code,omitempty"`
	Message string         `json:"message,omitempty"`
	Set     map[string]any `json:"set,omitempty"`
	Delay   string         `json:"delay,omitempty"`
	Fault   string         `json:"fault,omitempty"`
}

// MarshalJSON writes the delay as a duration string.
func (r Respond) MarshalJSON() ([]byte, error) {
	w := respondJSON{Code: r.Code, Message: r.Message, Set: r.Set, Fault: r.Fault}
	if r.Delay != 0 {
		w.Delay = r.Delay.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the delay as a duration string and, because the
// decoder's DisallowUnknownFields does not reach custom unmarshalers,
// rejects unknown keys itself. Numbers in set keep their exact text.
func (r *Respond) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var w respondJSON
	if err := dec.Decode(&w); err != nil {
		return jsonTypeError("respond.", err)
	}
	var d time.Duration
	if w.Delay != "" {
		var reason string
		if d, reason = parseDelay(w.Delay); reason != "" {
			return fmt.Errorf("respond.%s", reason)
		}
	}
	*r = Respond{Code: w.Code, Message: w.Message, Set: w.Set, Delay: d, Fault: w.Fault}
	return nil
}

// jsonTypeError rewrites encoding/json's "cannot unmarshal number into Go
// struct field respondJSON.delay of type string", which names Go types,
// into the rule's own terms.
func jsonTypeError(prefix string, err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" {
		msg := err.Error()
		if !strings.HasPrefix(msg, "json: unknown field") {
			return err
		}
		msg = strings.TrimPrefix(msg, "json: ")
		if prefix == "respond." {
			msg += " in respond (known: code, message, set, delay, fault)"
		}
		return errors.New(msg)
	}
	want := "a " + te.Type.Kind().String()
	switch te.Type.Kind() {
	case reflect.Int, reflect.Int64:
		want = "a whole number"
	case reflect.Map, reflect.Struct:
		want = "an object"
	case reflect.String:
		want = "a string"
		if prefix+te.Field == "respond.delay" {
			want = `a duration string such as "1500ms"`
		}
	}
	return fmt.Errorf("%s%s must be %s, not a JSON %s", prefix, te.Field, want, te.Value)
}

// LoadError is one problem with one rule, reported as "file:line: reason"
// (File: a file name, "embedded:<path>", or a rule's Source; Line 0 when
// unknown, as for JSON rules): the one error of every YAML reader.
type LoadError = strictyaml.Error
