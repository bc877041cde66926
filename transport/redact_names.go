package transport

import (
	"math"
	"strings"
)

// Query parameters that carry credentials go by many names; a URL printed
// in an error line must show none of them. Overmatching costs only a
// REDACTED where a harmless value was, so names match generously.

// secretSubstrings mark a parameter as secret wherever they appear in its
// lower-cased name: access_token, X-Amz-Security-Token, client_secret,
// passwd, authorization, X-Amz-Signature, apikey, jwt_assertion, …
var secretSubstrings = []string{
	"token", "key", "secret", "pass", "auth", "sig", "credential",
	"jwt", "bearer", "session", "cookie", "private", "nonce",
}

// secretWords are too short to match inside other words ("sid" is in
// "inside", "code" in "encode"), so they must be a whole word of the name,
// words being split at '_', '-', '.' and case changes are not considered.
var secretWords = []string{"pw", "pwd", "sid", "code", "otp", "pin", "ticket", "hash", "hmac", "saml", "assertion"}

// secretPrefixes mark whole families, such as AWS's presigned-URL fields.
var secretPrefixes = []string{"x-amz-", "x-goog-", "x-ms-"}

// secretParam reports whether a query parameter's name says it holds a
// credential.
func secretParam(name string) bool {
	name = strings.ToLower(name)
	for _, s := range secretSubstrings {
		if strings.Contains(name, s) {
			return true
		}
	}
	for _, p := range secretPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		for _, s := range secretWords {
			if w == s {
				return true
			}
		}
	}
	return false
}

// tokenLike reports whether a value looks like a bearer credential whatever
// its parameter is called: a JWT (three base64url parts joined by dots,
// the first a JSON header "eyJ…"), or a long random string mixing upper
// case, lower case and digits. Stream offsets and cursors (digits and '_')
// and plain words do not match.
func tokenLike(v string) bool {
	if parts := strings.Split(v, "."); len(parts) == 3 && strings.HasPrefix(v, "eyJ") {
		for _, p := range parts[:2] {
			if len(p) < 4 || !isBase64URL(p) {
				return false
			}
		}
		return isBase64URL(parts[2])
	}
	if len(v) < 24 {
		return false
	}
	var upper, lower, digit bool
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= '0' && c <= '9':
			digit = true
		case strings.IndexByte("-_.~+/=", c) >= 0:
		default:
			return false // spaces, punctuation: text, not a token
		}
	}
	return upper && lower && digit && entropy(v) >= 3.5
}

func isBase64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '=') {
			return false
		}
	}
	return true
}

// entropy is the Shannon entropy of s in bits per byte; random tokens of
// 24+ characters from a 62-letter alphabet score above 4.
func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	for _, n := range counts {
		if n > 0 {
			p := float64(n) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}

// redactUnparsed masks what it can of a URL url.Parse refused: the
// userinfo before the host and every query value, since its names cannot
// be trusted to be read right.
func redactUnparsed(raw string) string {
	if scheme, rest, ok := strings.Cut(raw, "://"); ok {
		host := rest
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			host = rest[:i]
		}
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			raw = scheme + "://" + rest[at+1:]
		}
	}
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	pairs := strings.Split(query, "&")
	for i, p := range pairs {
		if name, _, ok := strings.Cut(p, "="); ok {
			pairs[i] = name + "=REDACTED"
		}
	}
	return base + "?" + strings.Join(pairs, "&")
}
