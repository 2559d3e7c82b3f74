package emulate

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// NameSimilarity compares names the way a KTP name check must: case,
// punctuation and word order do not matter; spelling does. It is 1 minus
// the normalised edit distance of the sorted words, rounded to 2 places, so
// 1.0 is the same name (eKYCPro's ididcheck score, AccuAuth's name_percent).
func NameSimilarity(a, b string) float64 {
	na, nb := []rune(normName(a)), []rune(normName(b))
	if len(na) == 0 || len(nb) == 0 {
		return 0
	}
	prev, cur := make([]int, len(nb)+1), make([]int, len(nb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(na); i++ {
		cur[0] = i
		for j := 1; j <= len(nb); j++ {
			cost := 1
			if na[i-1] == nb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	s := 1 - float64(prev[len(nb)])/float64(max(len(na), len(nb)))
	return math.Round(s*100) / 100
}

func normName(s string) string {
	words := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool { return !unicode.IsLetter(r) })
	slices.Sort(words)
	return strings.Join(words, " ")
}
