package verihubs

import "container/list"

// bounds limit a fifo: entries and weight per App-ID, and over every
// App-ID together. A zero bound does not bind.
type bounds struct {
	count, weight           int // per App-ID
	totalCount, totalWeight int // all App-IDs
}

// fifo is what the emulator remembers per App-ID (reference ids, Sertel
// contacts, OTP conversations, enrolled faces), in the order it was first
// put, bounded per App-ID and in total. App-IDs are an open set (runtime
// credentials, every workspace's own), and one Vendor serves them all, so
// only the total keeps the mock's memory bounded. Beyond a bound the
// oldest entry goes first: the App-ID's own when the App-ID is over its
// bound, the oldest of all when the total is; the newest entry always
// stays, even alone over a bound. A fifo is not safe for concurrent use:
// its store locks.
type fifo[K comparable, V any] struct {
	lim   bounds
	weigh func(V) int // nil: every entry weighs 0
	all   list.List   // *fifoEntry[K, V], oldest first, across App-IDs
	apps  map[string]*appFIFO[K, V]
	// weight is the sum of the entries' weights.
	weight int
}

type appFIFO[K comparable, V any] struct {
	m      map[K]*fifoEntry[K, V]
	order  list.List // *fifoEntry[K, V], oldest first
	weight int
}

type fifoEntry[K comparable, V any] struct {
	app        string
	key        K
	val        V
	weight     int
	inAll, inA *list.Element
}

func newFIFO[K comparable, V any](lim bounds, weigh func(V) int) *fifo[K, V] {
	return &fifo[K, V]{lim: lim, weigh: weigh, apps: map[string]*appFIFO[K, V]{}}
}

// clear forgets everything (admin reset).
func (f *fifo[K, V]) clear() {
	f.all.Init()
	f.apps, f.weight = map[string]*appFIFO[K, V]{}, 0
}

// forget drops the entries of the apps of (a workspace's reset).
func (f *fifo[K, V]) forget(of func(app string) bool) {
	for app, a := range f.apps {
		if of(app) {
			for e := a.order.Front(); e != nil; e = e.Next() {
				x := e.Value.(*fifoEntry[K, V])
				f.all.Remove(x.inAll)
				f.weight -= x.weight
			}
			delete(f.apps, app)
		}
	}
}

func (f *fifo[K, V]) get(app string, k K) (V, bool) {
	if a := f.apps[app]; a != nil {
		if x := a.m[k]; x != nil {
			return x.val, true
		}
	}
	var zero V
	return zero, false
}

// put keeps v under k: a new key as the app's newest entry, a known one in
// its place. Then the bounds are applied.
func (f *fifo[K, V]) put(app string, k K, v V) {
	a := f.apps[app]
	if a == nil {
		a = &appFIFO[K, V]{m: map[K]*fifoEntry[K, V]{}}
		f.apps[app] = a
	}
	x := a.m[k]
	if x == nil {
		x = &fifoEntry[K, V]{app: app, key: k}
		x.inAll, x.inA = f.all.PushBack(x), a.order.PushBack(x)
		a.m[k] = x
	}
	w := 0
	if f.weigh != nil {
		w = f.weigh(v)
	}
	a.weight += w - x.weight
	f.weight += w - x.weight
	x.val, x.weight = v, w
	f.evict(a)
}

// renew keeps v under k as the app's newest entry (a known key moves).
func (f *fifo[K, V]) renew(app string, k K, v V) {
	f.remove(app, k)
	f.put(app, k, v)
}

// evict drops the oldest entries while a is over its bounds, then the
// oldest of all while the total is.
func (f *fifo[K, V]) evict(a *appFIFO[K, V]) {
	over := func(n, w, maxN, maxW int) bool {
		return n > 1 && (maxN > 0 && n > maxN || maxW > 0 && w > maxW)
	}
	for over(a.order.Len(), a.weight, f.lim.count, f.lim.weight) {
		f.drop(a.order.Front().Value.(*fifoEntry[K, V]))
	}
	for over(f.all.Len(), f.weight, f.lim.totalCount, f.lim.totalWeight) {
		f.drop(f.all.Front().Value.(*fifoEntry[K, V]))
	}
}

// remove forgets k of app; false when there was none.
func (f *fifo[K, V]) remove(app string, k K) bool {
	if a := f.apps[app]; a != nil {
		if x := a.m[k]; x != nil {
			f.drop(x)
			return true
		}
	}
	return false
}

func (f *fifo[K, V]) drop(x *fifoEntry[K, V]) {
	a := f.apps[x.app]
	f.all.Remove(x.inAll)
	a.order.Remove(x.inA)
	delete(a.m, x.key)
	a.weight -= x.weight
	f.weight -= x.weight
	if a.order.Len() == 0 {
		delete(f.apps, x.app) // an App-ID that holds nothing costs nothing
	}
}

// each calls fn on the app's entries, oldest first; every app's, in the
// order they were put, when app is "".
func (f *fifo[K, V]) each(app string, fn func(K, V)) {
	l := &f.all
	if app != "" {
		a := f.apps[app]
		if a == nil {
			return
		}
		l = &a.order
	}
	for e := l.Front(); e != nil; e = e.Next() {
		x := e.Value.(*fifoEntry[K, V])
		fn(x.key, x.val)
	}
}

// len is how many entries the app holds; every app's when app is "".
func (f *fifo[K, V]) len(app string) int {
	if app == "" {
		return f.all.Len()
	}
	if a := f.apps[app]; a != nil {
		return a.order.Len()
	}
	return 0
}
