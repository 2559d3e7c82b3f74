package accuauth

import (
	"bytes"
	"encoding/binary"
)

// The liveness SDK's data file (`liveness_data_file`) is a protobuf message
// whose schema is not public, and the official SDKs encrypt it
// (docs/vendors/accuauth.md#b4-2). mockekyc reads it as protobuf wire
// format of any schema and takes the JPEG and PNG pictures it finds in its
// length-delimited fields, at any depth, as the frames the SDK captured;
// the first is the face it judges. Data it cannot read that way (a real,
// encrypted SDK file) is judged by its digest alone (docs/vendors/accuauth.md#ac-11).
// LivenessData builds a file the mock reads.

// Bounds of the walk: nesting depth, fields visited, pictures kept.
const (
	sdkMaxDepth  = 16
	sdkMaxFields = 10_000
	sdkMaxImages = 16
)

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
)

// sdkImages returns the JPEG and PNG pictures of a protobuf message, in
// the order met (depth first), and whether b as a whole is well-formed
// protobuf wire format. The pictures are sub-slices of b.
func sdkImages(b []byte) (images [][]byte, ok bool) {
	w := walker{}
	ok = w.message(b, 0)
	return w.images, ok && len(b) > 0
}

type walker struct {
	images [][]byte
	fields int
}

// message walks one message; false when b is not a sequence of valid
// fields. Pictures found before a failure are kept only if the failure is
// at the outermost level (a nested field that is not a message is bytes).
func (w *walker) message(b []byte, depth int) bool {
	if depth > sdkMaxDepth {
		return false
	}
	found := len(w.images)
	for len(b) > 0 {
		if w.fields++; w.fields > sdkMaxFields {
			return false
		}
		tag, n := binary.Uvarint(b)
		if n <= 0 || tag>>3 == 0 || tag>>3 > 1<<29-1 {
			w.images = w.images[:found]
			return false
		}
		b = b[n:]
		switch tag & 7 {
		case 0: // varint
			if _, n = binary.Uvarint(b); n <= 0 {
				w.images = w.images[:found]
				return false
			}
			b = b[n:]
		case 1: // fixed64
			if len(b) < 8 {
				w.images = w.images[:found]
				return false
			}
			b = b[8:]
		case 5: // fixed32
			if len(b) < 4 {
				w.images = w.images[:found]
				return false
			}
			b = b[4:]
		case 2: // length-delimited: a picture, a nested message, or bytes
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				w.images = w.images[:found]
				return false
			}
			v := b[n : n+int(l)]
			b = b[n+int(l):]
			switch {
			case bytes.HasPrefix(v, jpegMagic) || bytes.HasPrefix(v, pngMagic):
				if len(w.images) < sdkMaxImages {
					w.images = append(w.images, v)
				}
			case len(v) > 0:
				w.message(v, depth+1) // not a message: plain bytes, nothing found
			}
		default: // groups (3, 4) are not produced by proto3 SDKs; 6, 7 are invalid
			w.images = w.images[:found]
			return false
		}
	}
	return true
}

// LivenessData is a liveness data file the mock reads: each picture in
// field 1 of a frame message in field 2 of the outer message, after a
// version in field 1, so that tests (and users of `mockekyc fixture`
// pictures) can steer /face/liveness_anti_hack with image markers.
func LivenessData(pictures ...[]byte) []byte {
	out := binary.AppendUvarint(nil, 1<<3|0) // field 1, varint: version
	out = binary.AppendUvarint(out, 1)
	for _, p := range pictures {
		frame := binary.AppendUvarint(nil, 1<<3|2) // frame field 1: the picture
		frame = binary.AppendUvarint(frame, uint64(len(p)))
		frame = append(frame, p...)
		out = binary.AppendUvarint(out, 2<<3|2) // field 2: a frame
		out = binary.AppendUvarint(out, uint64(len(frame)))
		out = append(out, frame...)
	}
	return out
}
