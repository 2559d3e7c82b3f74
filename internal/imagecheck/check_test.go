package imagecheck

import "testing"

func TestCheck(t *testing.T) {
	good := Info{Format: JPEG, Size: 500_000, Width: 1200, Height: 800}
	with := func(mod func(*Info)) Info {
		i := good
		mod(&i)
		return i
	}
	vendor := Limits{
		MaxBytes: 1 << 20, Formats: []Format{JPEG, PNG},
		MinWidth: 400, MinHeight: 300, MaxWidth: 4000, MaxHeight: 4000,
	}
	tests := []struct {
		name string
		info Info
		l    Limits
		want Verdict
	}{
		{"ok", good, vendor, OK},
		{"no limits", good, Limits{}, OK},
		{"empty", Info{Format: Unknown, Err: ErrEmpty}, vendor, Empty},
		{"empty beats everything", with(func(i *Info) { i.Size = 0; i.Format = GIF; i.Err = ErrCorrupt }), vendor, Empty},
		{"too large", with(func(i *Info) { i.Size = 1<<20 + 1 }), vendor, TooLarge},
		{"exactly max", with(func(i *Info) { i.Size = 1 << 20 }), vendor, OK},
		{"too large beats bad format", with(func(i *Info) { i.Size = 2 << 20; i.Format = PDF }), vendor, TooLarge},
		{"format not allowed", with(func(i *Info) { i.Format = PDF }), vendor, BadFormat},
		{"unknown format", with(func(i *Info) { i.Format = Unknown; i.Err = ErrUnknownFormat }), Limits{}, BadFormat},
		{"zero format", with(func(i *Info) { i.Format = "" }), Limits{}, BadFormat},
		{"bad format beats corrupt", with(func(i *Info) { i.Format = GIF; i.Err = ErrCorrupt }), vendor, BadFormat},
		{"corrupt", with(func(i *Info) { i.Err = ErrCorrupt }), vendor, Corrupt},
		{"corrupt beats dims", with(func(i *Info) { i.Err = ErrCorrupt; i.Width = 1 }), vendor, Corrupt},
		{"narrow", with(func(i *Info) { i.Width = 399 }), vendor, TooSmall},
		{"short", with(func(i *Info) { i.Height = 299 }), vendor, TooSmall},
		{"at minimum", with(func(i *Info) { i.Width, i.Height = 400, 300 }), vendor, OK},
		{"wide", with(func(i *Info) { i.Width = 4001 }), vendor, TooBig},
		{"tall", with(func(i *Info) { i.Height = 4001 }), vendor, TooBig},
		{"small beats big", with(func(i *Info) { i.Width, i.Height = 5000, 10 }), vendor, TooSmall},
		{"only min height set", with(func(i *Info) { i.Height = 10 }), Limits{MinHeight: 100}, TooSmall},
		{"only max width set", with(func(i *Info) { i.Width = 10_000 }), Limits{MaxWidth: 5000}, TooBig},
		{"pdf with unknown dims skips dims", Info{Format: PDF, Size: 100}, Limits{MinWidth: 400}, OK},
		{"pdf with media box is checked", Info{Format: PDF, Size: 100, Width: 100, Height: 100}, Limits{MinWidth: 400}, TooSmall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(tt.info, tt.l); got != tt.want {
				t.Errorf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckSize(t *testing.T) {
	tests := []struct {
		n, max int
		want   Verdict
	}{
		{0, 10, Empty},
		{0, 0, Empty},
		{-1, 0, Empty},
		{10, 10, OK},
		{11, 10, TooLarge},
		{1 << 30, 0, OK},
	}
	for _, tt := range tests {
		if got := CheckSize(tt.n, tt.max); got != tt.want {
			t.Errorf("CheckSize(%d, %d) = %v, want %v", tt.n, tt.max, got, tt.want)
		}
	}
}

func TestVerdictString(t *testing.T) {
	want := map[Verdict]string{
		OK: "ok", Empty: "empty", TooLarge: "too_large", BadFormat: "bad_format",
		Corrupt: "corrupt", TooSmall: "too_small", TooBig: "too_big", 42: "verdict(42)",
	}
	for v, s := range want {
		if v.String() != s {
			t.Errorf("Verdict(%d).String() = %q, want %q", v, v.String(), s)
		}
	}
}
