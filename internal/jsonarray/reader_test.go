package jsonarray

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// readArray collects every element an Reader yields.
func readArray(r io.Reader, limit int) ([]string, error) {
	a := NewReader(r, limit)
	var out []string
	for {
		elem, err := a.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(elem))
	}
}

// readArrayKept is readArray of a reader that keeps its elements, in
// buffers of size bytes: the elements are compared only after the last
// read, so one written over by a later read shows.
func readArrayKept(r io.Reader, limit, size int) ([]string, error) {
	a := NewReader(r, limit)
	a.KeepElements(size)
	var kept [][]byte
	var err error
	for {
		var elem []byte
		if elem, err = a.Next(); err != nil {
			break
		}
		kept = append(kept, elem)
	}
	out := make([]string, len(kept))
	for i, e := range kept {
		out[i] = string(e)
	}
	if err == io.EOF {
		err = nil
	}
	return out, err
}

// readArrayReleased is readArray of a keeping reader whose caller copies
// and releases its elements every third one, so buffers are read into
// again; elements are copied only at release, so one written over while
// still held shows.
func readArrayReleased(r io.Reader, limit, size int) ([]string, error) {
	a := NewReader(r, limit)
	a.KeepElements(size)
	var out []string
	var held [][]byte
	release := func() {
		for _, e := range held {
			out = append(out, string(e))
		}
		held = held[:0]
		a.Release()
	}
	for {
		elem, err := a.Next()
		if err == io.EOF {
			release()
			return out, nil
		}
		if err != nil {
			release()
			return out, err
		}
		if held = append(held, elem); len(held) == 3 {
			release()
		}
	}
}

// oldSplit is the whole-body reference the streaming reader must match.
func oldSplit(body []byte) ([]string, error) {
	values, err := SplitWhole(body)
	var out []string
	for _, v := range values {
		out = append(out, string(v))
	}
	return out, err
}

func checkSameAsWholeBody(t *testing.T, body []byte) {
	t.Helper()
	want, wantErr := oldSplit(body)
	readers := map[string]io.Reader{
		"whole":    bytes.NewReader(body),
		"one byte": iotest.OneByteReader(bytes.NewReader(body)),
		"half":     iotest.HalfReader(bytes.NewReader(body)),
	}
	kept := map[string]func() ([]string, error){
		"kept, 5-byte buffers, one byte": func() ([]string, error) {
			return readArrayKept(iotest.OneByteReader(bytes.NewReader(body)), 1<<20, 5)
		},
		"kept, 64-byte buffers, half": func() ([]string, error) {
			return readArrayKept(iotest.HalfReader(bytes.NewReader(body)), 1<<20, 64)
		},
		"kept, large buffers, whole": func() ([]string, error) {
			return readArrayKept(bytes.NewReader(body), 1<<20, 256<<10)
		},
		"released, 5-byte buffers, one byte": func() ([]string, error) {
			return readArrayReleased(iotest.OneByteReader(bytes.NewReader(body)), 1<<20, 5)
		},
		"released, 16-byte buffers, half": func() ([]string, error) {
			return readArrayReleased(iotest.HalfReader(bytes.NewReader(body)), 1<<20, 16)
		},
	}
	for name, read := range kept {
		got, err := read()
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%s: %.200q: err %v, whole-body split err %v", name, body, err, wantErr)
		}
		if err == nil && strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("%s: %.200q: elements %.200q, want %.200q", name, body, got, want)
		}
	}
	for name, r := range readers {
		got, err := readArray(r, 1<<20)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%s: %.200q: err %v, whole-body split err %v", name, body, err, wantErr)
		}
		if err == nil && strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("%s: %.200q: elements %.200q, want %.200q", name, body, got, want)
		}
	}
}

func TestArrayReaderMatchesWholeBodySplit(t *testing.T) {
	for _, body := range []string{
		``, `  `, `[]`, ` [ ] `, `[1]`, `[1,2,3]`, ` [ 1 , "a,b" , {"x":[1,{"y":"]"}]} , null ]` + "\n",
		`["esc \" ] , \\", "\\\\"]`, `[[],{},[[]]]`, `null`, "\f[1]", "\v[0]", `[1]` + "\f",
		`[`, `[1`, `[1,`, `[1,]`, `[,1]`, `[,]`, `[1 2]`, `[}]`, `[{]}`, `[[}, 1]`, `[1]x`, `[1][2]`,
		`{"a":1}`, `1`, `"x"`, `["unterminated]`, `["a"x]`, `[tru]`, `[01]`, `["\u12"]`, "[\"tab\there\"]",
	} {
		checkSameAsWholeBody(t, []byte(body))
	}
	for _, depth := range []int{9999, 10000, 10001} { // encoding/json's nesting limit
		checkSameAsWholeBody(t, []byte(strings.Repeat("[", depth)+strings.Repeat("]", depth)))
	}
}

func FuzzArrayReader(f *testing.F) {
	for _, s := range []string{`[1,"a",{"b":[2]}]`, `[]`, `[1,]`, `["\"]"]`, ` null `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkSameAsWholeBody(t, body) })
}

// The limit bounds one element, not the body: a long body of small
// elements reads whole, one element over the limit is refused.
func TestArrayReaderLimitsElementSize(t *testing.T) {
	body := "[" + strings.Repeat(`"0123456789",`, 20_000) + "1]"
	got, err := readArray(strings.NewReader(body), 1024)
	if err != nil || len(got) != 20_001 {
		t.Fatalf("%d elements, err %v; want 20001 of a body 250 times the limit", len(got), err)
	}
	for _, big := range []string{`[1,"` + strings.Repeat("x", 1100) + `",2]`, `[1,"` + strings.Repeat("x", 200_000) + `"]`} {
		if _, err := readArray(strings.NewReader(big), 1024); !errors.Is(err, ErrTooLarge) {
			t.Errorf("element of %d bytes: err = %v, want ErrTooLarge", len(big), err)
		}
	}
}

func TestArrayReaderElementsAreValidJSON(t *testing.T) {
	body := `[{"n":1,"s":"x\ny"}, [1, 2] ,"z"]`
	got, err := readArray(iotest.OneByteReader(strings.NewReader(body)), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"n":1,"s":"x\ny"}`, `[1, 2]`, `"z"`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("elements %q, want %q", got, want)
	}
	for _, e := range got {
		if !json.Valid([]byte(e)) {
			t.Errorf("element %q is not valid JSON", e)
		}
	}
}

// An object, array or string is handed on as soon as it is complete, not
// when the next element begins: a server that pauses between elements
// (a long list built as it is sent) is not a stall of the one before. A
// number may go on, so it waits for what follows.
func TestReaderHandsOnACompleteElementBeforeItsSeparator(t *testing.T) {
	pr, pw := io.Pipe()
	a := NewReader(pr, 1<<20)
	type got struct {
		elem string
		err  error
	}
	next := make(chan got, 1)
	read := func() {
		go func() {
			e, err := a.Next()
			next <- got{string(e), err}
		}()
	}
	wait := func(want string) {
		t.Helper()
		select {
		case g := <-next:
			if g.err != nil || g.elem != want {
				t.Fatalf("got %q, %v; want %q", g.elem, g.err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%q not handed on before what follows it", want)
		}
	}
	go pw.Write([]byte(`[ {"a":[1]} `))
	read()
	wait(`{"a":[1]}`)
	go pw.Write([]byte(`, 12`))
	read()
	select {
	case g := <-next:
		t.Fatalf("a number handed on before its end was certain: %q, %v", g.elem, g.err)
	case <-time.After(100 * time.Millisecond):
	}
	go func() { pw.Write([]byte(`3, "x"]`)); pw.Close() }()
	wait(`123`)
	read()
	wait(`"x"`)
	if _, err := a.Next(); err != io.EOF {
		t.Fatalf("after the last element: %v, want EOF", err)
	}
}

// A fault after an element handed on early still fails the body.
func TestReaderChecksTheSeparatorAfterAnEarlyElement(t *testing.T) {
	for _, body := range []string{`[{"a":1} x]`, `[{"a":1}}`, `[{"a":1}`, `["s"] x`} {
		a := NewReader(iotest.OneByteReader(strings.NewReader(body)), 1<<20)
		var err error
		for err == nil {
			_, err = a.Next()
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", body, err)
		}
	}
}

// objectArray is a JSON array of n small objects of varied lengths.
func objectArray(n int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"n":%d,"s":"%s"}`, i, strings.Repeat("x", i%60))
	}
	b.WriteString("]")
	return []byte(b.String())
}

// Elements a keeping reader returned stay as they were through a body many
// times its buffers, read in pieces of every size.
func TestKeptElementsSurviveLaterReads(t *testing.T) {
	body := objectArray(20_000)
	want, err := oldSplit(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []io.Reader{bytes.NewReader(body), iotest.HalfReader(bytes.NewReader(body)), iotest.OneByteReader(bytes.NewReader(body))} {
		got, err := readArrayKept(r, 1<<20, 64<<10)
		if err != nil || strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("%d elements (err %v) differ from the %d of the body", len(got), err, len(want))
		}
	}
}

// A keeping reader whose caller releases what it took reads a long body
// through the same few buffers, and never writes over an element the
// caller still holds.
func TestReleasedBuffersAreReadIntoAgain(t *testing.T) {
	body := objectArray(40_000)
	values, err := SplitWhole(body)
	if err != nil {
		t.Fatal(err)
	}
	const size = 64 << 10
	held := make([][]byte, 0, 1000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a := NewReader(bytes.NewReader(body), 1<<20)
	a.KeepElements(size)
	for i := 0; ; i++ {
		elem, err := a.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, elem)
		if len(held) == cap(held) || i == len(values)-1 {
			for k, h := range held {
				if !bytes.Equal(h, values[i-len(held)+1+k]) {
					t.Fatalf("element %d changed before it was released", i-len(held)+1+k)
				}
			}
			held = held[:0]
			a.Release()
		}
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8*size {
		t.Errorf("reading %d bytes allocated %d bytes; want a few buffers of %d", len(body), grew, size)
	}
}
