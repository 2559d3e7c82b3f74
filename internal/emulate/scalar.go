package emulate

import "encoding/json"

// ScalarText is a JSON string or number, as Call.JSON decodes it, read as
// the text a form field would carry: a string's value, a number's literal
// exactly as sent (1e400 and 8e1 stay as written, so the handler judges
// them). ok is false for null, absent, booleans, objects and arrays.
func ScalarText(v any) (text string, ok bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	}
	return "", false
}
