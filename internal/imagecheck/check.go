package imagecheck

import (
	"slices"
	"strconv"
)

// Verdict is the outcome of checking an image against a vendor's limits.
// Each vendor maps verdicts to its own error codes and messages.
type Verdict uint8

// Verdicts, in the order Check tests them (after OK).
const (
	OK        Verdict = iota
	Empty             // no bytes at all
	TooLarge          // more bytes than Limits.MaxBytes
	BadFormat         // Unknown, or not one of Limits.Formats
	Corrupt           // recognised format whose headers or structure are broken
	TooSmall          // width or height below the minimum
	TooBig            // width or height above the maximum
)

func (v Verdict) String() string {
	switch v {
	case OK:
		return "ok"
	case Empty:
		return "empty"
	case TooLarge:
		return "too_large"
	case BadFormat:
		return "bad_format"
	case Corrupt:
		return "corrupt"
	case TooSmall:
		return "too_small"
	case TooBig:
		return "too_big"
	}
	return "verdict(" + strconv.Itoa(int(v)) + ")"
}

// Limits is one vendor's acceptance rules for an image. A zero field means
// no limit; nil Formats accepts every known format.
type Limits struct {
	// MaxBytes limits Info.Size, the decoded byte count. Vendors that
	// limit the base64 text instead leave this 0 and call CheckSize with
	// the text length first (see Check).
	MaxBytes  int
	Formats   []Format
	MinWidth  int
	MinHeight int
	MaxWidth  int
	MaxHeight int
}

// Check judges info against l, first failure wins, in the order vendors
// report them: Empty, TooLarge, BadFormat, Corrupt, TooSmall, TooBig.
//
// Size is Info.Size (decoded bytes). For a vendor that measures the encoded
// text, do the size step yourself and keep the order:
//
//	v := CheckSize(len(text), maxText) // Empty or TooLarge first
//	if v == OK {
//		v = Check(info, limitsWithoutMaxBytes)
//	}
//
// Dimension limits are skipped when the dimensions are unknown (a PDF whose
// /MediaBox could not be read cheaply has Width = Height = 0 and no error),
// because rejecting a valid document as "too small" would be a lie.
func Check(info Info, l Limits) Verdict {
	if v := CheckSize(info.Size, l.MaxBytes); v != OK {
		return v
	}
	if !info.Format.Known() || (len(l.Formats) > 0 && !slices.Contains(l.Formats, info.Format)) {
		return BadFormat
	}
	if info.Err != nil {
		return Corrupt
	}
	if info.Width == 0 && info.Height == 0 {
		return OK
	}
	if l.MinWidth > 0 && info.Width < l.MinWidth || l.MinHeight > 0 && info.Height < l.MinHeight {
		return TooSmall
	}
	if l.MaxWidth > 0 && info.Width > l.MaxWidth || l.MaxHeight > 0 && info.Height > l.MaxHeight {
		return TooBig
	}
	return OK
}

// CheckSize is the size step of Check for any measure of size the caller
// chooses (decoded bytes, base64 text length, multipart part size): Empty for
// n <= 0, TooLarge for n > max when max > 0, otherwise OK.
func CheckSize(n, max int) Verdict {
	switch {
	case n <= 0:
		return Empty
	case max > 0 && n > max:
		return TooLarge
	}
	return OK
}
