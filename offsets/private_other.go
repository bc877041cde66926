//go:build !unix

package offsets

import "io/fs"

// oNoFollow is 0 where open has no such flag; checkNoLinks still refuses
// links before Open touches a file.
const oNoFollow = 0

// checkOwner has no portable owner and mode bits to check here; the
// directory's ACL decides.
func checkOwner(string, fs.FileInfo) error { return nil }
