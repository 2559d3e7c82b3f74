package imagecheck

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
)

// pngConfig is png.DecodeConfig for the dimensions only. For a paletted
// image the standard decoder reads on to the palette and builds it as a
// color.Palette (4 KB and most of the cost of inspecting a small PNG); here
// the well-formed paletted case is read in place. Anything else, and any
// doubt, goes to png.DecodeConfig itself, so errors are always the standard
// decoder's; FuzzPNGConfig holds the two to the same verdict and size.
func pngConfig(b []byte) (image.Config, error) {
	if w, h, ok := pngPaletted(b); ok {
		return image.Config{Width: w, Height: h}, nil
	}
	return png.DecodeConfig(bytes.NewReader(b))
}

// pngPaletted reports the size of a paletted PNG when png.DecodeConfig
// would accept it, ok false when it might not (or the image is not
// paletted). It follows the decoder's configOnly reading: the signature;
// IHDR first, with its checks; then chunks, each with its CRC, until the
// decoder stops: at the tRNS or IDAT that follows PLTE.
func pngPaletted(b []byte) (w, h int, ok bool) {
	const sig = "\x89PNG\r\n\x1a\n"
	if len(b) < len(sig)+8+13+4 || string(b[:len(sig)]) != sig {
		return 0, 0, false
	}
	chunk := func(i int) (typ string, data []byte, next int, ok bool) {
		if len(b)-i < 8 {
			return "", nil, 0, false
		}
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		if n > 0x7fffffff || n+12 > uint64(len(b)-i) {
			return "", nil, 0, false
		}
		end := i + 8 + int(n)
		if crc32.ChecksumIEEE(b[i+4:end]) != binary.BigEndian.Uint32(b[end:]) {
			return "", nil, 0, false
		}
		return string(b[i+4 : i+8]), b[i+8 : end], end + 4, true
	}
	typ, ihdr, i, ok := chunk(len(sig))
	if !ok || typ != "IHDR" || len(ihdr) != 13 {
		return 0, 0, false
	}
	depth, colorType := ihdr[8], ihdr[9]
	if colorType != 3 || depth != 1 && depth != 2 && depth != 4 && depth != 8 ||
		ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1 {
		return 0, 0, false
	}
	wi, hi := int32(binary.BigEndian.Uint32(ihdr[0:])), int32(binary.BigEndian.Uint32(ihdr[4:]))
	if wi <= 0 || hi <= 0 {
		return 0, 0, false
	}
	// The decoder's overflow checks, in int as it does them: on a 32-bit
	// platform the pixel count must fit in an int first.
	if n64 := int64(wi) * int64(hi); n64 != int64(int(n64)) || int(n64)*8/8 != int(n64) {
		return 0, 0, false
	}
	palette := false
	for {
		if !palette && len(b)-i >= 8 && string(b[i+4:i+8]) == "IDAT" {
			return 0, 0, false // IDAT before PLTE: the decoder's order error
		}
		if palette && len(b)-i >= 8 && string(b[i+4:i+8]) == "IDAT" {
			// The decoder stops at IDAT's header without reading it.
			return int(wi), int(hi), true
		}
		typ, data, next, ok := chunk(i)
		if !ok {
			return 0, 0, false
		}
		switch typ {
		case "PLTE":
			np := len(data) / 3
			if palette || len(data)%3 != 0 || np <= 0 || np > 256 || np > 1<<depth {
				return 0, 0, false
			}
			palette = true
		case "tRNS":
			if !palette || len(data) > 256 {
				return 0, 0, false
			}
			return int(wi), int(hi), true
		case "IHDR", "IEND":
			return 0, 0, false
		}
		i = next
	}
}
