package advance

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockekyc/mockekyc/internal/emulate"
	"github.com/mockekyc/mockekyc/internal/emulate/product"
	"github.com/mockekyc/mockekyc/internal/identity"
)

// multiAnswers is multi-platform detection (docs/vendors/advance.md#b1-5): SUCCESS pay, the
// glossary's PARAMETER_ERROR for bad input; v11 also checks its phone and
// includeSelf.
func multiAnswers(v11 bool) []emulate.Answer {
	own := []emulate.Answer{
		pay(Success, MsgOK, "a 16-digit idNumber: the NIK's inquiry counters, the same as iziData's and eKYCPro's /v1/idinquiries for that NIK"),
		free(ParameterError, MsgEmpty, "idNumber missing or empty"),
		inferred(free(ParameterError, MsgInvalidNIK, "idNumber that is not 16 digits")),
	}
	if v11 {
		own[1].Trigger = "idNumber or phoneNumber missing or empty"
		own = append(own,
			inferred(free(ParameterError, MsgInvalidPhone, "phoneNumber that is not +628 and 8 to 12 digits")),
			inferred(free(ParameterError, MsgInvalidIncludeSelf, "includeSelf other than include or exclude")))
	}
	return append(own, glossary(true)...)
}

// v11PhonePattern is the documented phoneNumber rule (docs/vendors/advance.md#b1-5).
var v11PhonePattern = regexp.MustCompile(`^\+628[0-9]{8,12}$`)

// periods are the statistics' time periods with the inquiry counter each
// reads (product.Inquiries): 1-7d is the 7-day counter, ..., 90+d what
// the total has beyond 90 days.
var periods = []string{"1-7d", "1-14d", "1-21d", "1-30d", "1-60d", "1-90d", "90+d"}

func periodCounts(q product.Inquiries) []int {
	return []int{q.D07, q.D14, q.D21, q.D30, q.D60, q.D90, q.Total - q.D90}
}

// query is one inquiry about the NIK: when, and by which kind of lender.
type query struct {
	at   time.Time // on the hour
	kind string
}

// queries spreads the NIK's counters over days: as many in each window as
// the counter says, so that every shape agrees with /v1/idinquiries.
func queries(c *emulate.Call, nik string) []query {
	q := product.Counters(c.Deps.Seed, "nik", emulate.MD5Hex(nik))
	r := emulate.Rand(c.Deps.Seed, "advance multi-platform", nik)
	bounds := []struct{ from, to, n int }{
		{0, 7, q.D07}, {7, 14, q.D14 - q.D07}, {14, 21, q.D21 - q.D14}, {21, 30, q.D30 - q.D21},
		{30, 60, q.D60 - q.D30}, {60, 90, q.D90 - q.D60}, {90, 365, q.Total - q.D90},
	}
	day := c.Now.UTC().Truncate(24 * time.Hour)
	var out []query
	for _, b := range bounds {
		for range b.n {
			ago := b.from + r.IntN(b.to-b.from)
			h := r.IntN(24)
			if ago == 0 {
				h %= c.Now.UTC().Hour() + 1 // none in today's hours to come
			}
			at := day.AddDate(0, 0, -ago).Add(time.Duration(h) * time.Hour)
			kind := "PAYDAY"
			if r.IntN(3) == 0 {
				kind = "PRODUCT_INSTALLMENT"
			}
			out = append(out, query{at, kind})
		}
	}
	slices.SortStableFunc(out, func(a, b query) int { return b.at.Compare(a.at) }) // newest first
	return out
}

// v3: records per product type and statistics per period.
type multiRecord struct {
	Type       string   `json:"type"`
	QueryCount int      `json:"queryCount"`
	QueryDates []string `json:"queryDates"`
}

type periodCount struct {
	QueryCount int    `json:"queryCount"`
	TimePeriod string `json:"timePeriod"`
}

type multiV3 struct {
	Records    []multiRecord `json:"records"`
	Statistics []periodCount `json:"statistics"`
}

// The rich statistics, flattened into data on v6 (docs/vendors/advance.md#b1-5, #bs-5).
type customerInfo struct {
	TimePeriod string `json:"timePeriod"`
	QueryCount int    `json:"queryCount"`
}

type customerNumber struct {
	QueryDate      string `json:"queryDate"`
	CustomerNumber int    `json:"customerNumber"`
}

type dayDetail struct {
	QueryDate      string   `json:"queryDate"`
	QueryCount     int      `json:"queryCount"`
	QueryTimeSlots []string `json:"queryTimeSlots"`
}

type sliceInfo struct {
	TimeSlice      string   `json:"timeSlice"`
	MaxQueryCount  int      `json:"maxQueryCount"`
	QueryTimeSlots []string `json:"queryTimeSlots"`
}

type multiV6 struct {
	FirstQueryTime        *string          `json:"firstQueryTime"`
	LastQueryTime         *string          `json:"lastQueryTime"`
	TotalCustomerNumber   int              `json:"totalCustomerNumber"`
	StatisticCustomerInfo []customerInfo   `json:"statisticCustomerInfo"`
	CustomerNumberList    []customerNumber `json:"customerNumberList"`
	LastThreeDaysDetail   []dayDetail      `json:"lastThreeDaysDetail"`
	LastTwoWeeksQueryInfo []sliceInfo      `json:"lastTwoWeeksQueryInfo"`
}

const dateLayout = "2006-01-02"

// slot is an hour range as the example prints it: "16:00-17:00".
func slot(from, hours int) string {
	return fmt.Sprintf("%02d:00-%02d:00", from, from+hours)
}

func v3Of(c *emulate.Call, nik string, qs []query) multiV3 {
	d := multiV3{Records: []multiRecord{}, Statistics: []periodCount{}}
	for _, kind := range []string{"PAYDAY", "PRODUCT_INSTALLMENT"} {
		rec := multiRecord{Type: kind, QueryDates: []string{}}
		for _, q := range qs {
			if q.kind == kind {
				rec.QueryCount++
				if day := q.at.Format(dateLayout); !slices.Contains(rec.QueryDates, day) {
					rec.QueryDates = append(rec.QueryDates, day)
				}
			}
		}
		if rec.QueryCount > 0 {
			d.Records = append(d.Records, rec)
		}
	}
	counts := periodCounts(product.Counters(c.Deps.Seed, "nik", emulate.MD5Hex(nik)))
	for i, p := range periods {
		d.Statistics = append(d.Statistics, periodCount{QueryCount: counts[i], TimePeriod: p})
	}
	return d
}

func v6Of(c *emulate.Call, nik string, qs []query) multiV6 {
	d := multiV6{StatisticCustomerInfo: []customerInfo{}, CustomerNumberList: []customerNumber{},
		LastThreeDaysDetail: []dayDetail{}, LastTwoWeeksQueryInfo: []sliceInfo{}, TotalCustomerNumber: len(qs)}
	if len(qs) > 0 {
		first, last := qs[len(qs)-1].at, qs[0].at
		f := first.Format(dateLayout) + " " + slot(first.Hour(), 1)
		l := last.Format(dateLayout) + " " + slot(last.Hour(), 1)
		d.FirstQueryTime, d.LastQueryTime = &f, &l
	}
	counts := periodCounts(product.Counters(c.Deps.Seed, "nik", emulate.MD5Hex(nik)))
	for i, p := range periods {
		d.StatisticCustomerInfo = append(d.StatisticCustomerInfo, customerInfo{TimePeriod: p, QueryCount: counts[i]})
	}
	today := c.Now.UTC().Truncate(24 * time.Hour)
	for _, q := range qs {
		day := q.at.Format(dateLayout)
		if n := len(d.CustomerNumberList); n > 0 && d.CustomerNumberList[n-1].QueryDate == day {
			d.CustomerNumberList[n-1].CustomerNumber++
		} else {
			d.CustomerNumberList = append(d.CustomerNumberList, customerNumber{QueryDate: day, CustomerNumber: 1})
		}
		if q.at.Before(today.AddDate(0, 0, -2)) {
			continue
		}
		s := slot(q.at.Hour(), 1)
		if n := len(d.LastThreeDaysDetail); n > 0 && d.LastThreeDaysDetail[n-1].QueryDate == day {
			x := &d.LastThreeDaysDetail[n-1]
			x.QueryCount++
			if !slices.Contains(x.QueryTimeSlots, s) {
				x.QueryTimeSlots = append(x.QueryTimeSlots, s)
			}
		} else {
			d.LastThreeDaysDetail = append(d.LastThreeDaysDetail, dayDetail{QueryDate: day, QueryCount: 1, QueryTimeSlots: []string{s}})
		}
	}
	// The busiest window of each length in the last 14 days, windows
	// aligned on the day.
	since := today.AddDate(0, 0, -13)
	for _, h := range []int{1, 3, 6, 12, 24} {
		info := sliceInfo{TimeSlice: strconv.Itoa(h) + "-HOUR", QueryTimeSlots: []string{}}
		buckets := map[string]int{}
		var keys []string
		for _, q := range qs {
			if q.at.Before(since) {
				break
			}
			start := q.at.Hour() / h * h
			k := q.at.Format(dateLayout) + " " + slot(start, h)
			if buckets[k] == 0 {
				keys = append(keys, k)
			}
			buckets[k]++
		}
		for _, k := range keys {
			switch n := buckets[k]; {
			case n > info.MaxQueryCount:
				info.MaxQueryCount, info.QueryTimeSlots = n, []string{k}
			case n == info.MaxQueryCount:
				info.QueryTimeSlots = append(info.QueryTimeSlots, k)
			}
		}
		d.LastTwoWeeksQueryInfo = append(d.LastTwoWeeksQueryInfo, info)
	}
	return d
}

// gdFeatures is v11's map of model features GD_X_1 … GD_X_36, number or
// null, written in feature order (docs/vendors/advance.md#b1-5: the page
// excerpt ends at GD_X_36). The first seven are the period counters, so
// the model's velocity features agree with the other shapes; the rest are
// deterministic per NIK and phone.
type gdFeatures []*float64

func (g gdFeatures) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range g {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"GD_X_%d":`, i+1)
		if f == nil {
			b.WriteString("null")
			continue
		}
		b.Write(emulate.AppendDecimal(nil, *f)) // a decimal even when whole, as every number of the mock
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func gdOf(c *emulate.Call, nik, phone string) gdFeatures {
	g := make(gdFeatures, 36)
	for i, n := range periodCounts(product.Counters(c.Deps.Seed, "nik", emulate.MD5Hex(nik))) {
		f := float64(n)
		g[i] = &f
	}
	r := emulate.Rand(c.Deps.Seed, "advance gd", nik, phone)
	scales := []float64{1, 100, 5000}
	for i := 7; i < len(g); i++ {
		if r.IntN(8) == 0 {
			continue // null: the feature has no value for this person
		}
		f := math.Round(r.Float64()*scales[i%len(scales)]*1e6) / 1e6
		g[i] = &f
	}
	return g
}

func (v *Vendor) multiPlatform(c *emulate.Call) emulate.Response {
	raw, err := c.JSONObject()
	if err != nil {
		return c.Fail(ClientError, MsgBadRequest)
	}
	op := c.Endpoint.OperationID
	nik := strings.TrimSpace(scalarText(raw["idNumber"]))
	c.Field("idNumber", nik)
	f := c.Facts()
	f.NIK = nik
	var phone, include string
	if op == opMultiV11 {
		phone, include = strings.TrimSpace(scalarText(raw["phoneNumber"])), strings.TrimSpace(scalarText(raw["includeSelf"]))
		c.Field("phoneNumber", phone)
		c.Field("includeSelf", include)
		f.Phone, _ = emulate.IndonesianPhone(phone)
	}
	data := func() any {
		// The mock's own accounts leave no trace in the counters, so
		// includeSelf changes nothing.
		switch qs := queries(c, nik); op {
		case opMultiV3:
			return v3Of(c, nik, qs)
		case opMultiV6:
			return v6Of(c, nik, qs)
		}
		return gdOf(c, nik, phone)
	}
	if o := c.Decide(f); o != nil {
		return v.respond(c, o.Code, o.Message, data)
	}
	switch {
	case nik == "" || op == opMultiV11 && phone == "":
		return c.Fail(ParameterError, MsgEmpty)
	case !identity.IsNIKFormat(nik):
		return c.Fail(ParameterError, MsgInvalidNIK)
	case op == opMultiV11 && !v11PhonePattern.MatchString(phone):
		return c.Fail(ParameterError, MsgInvalidPhone)
	case op == opMultiV11 && include != "" && include != "include" && include != "exclude":
		return c.Fail(ParameterError, MsgInvalidIncludeSelf)
	}
	return v.respond(c, Success, MsgOK, data)
}
