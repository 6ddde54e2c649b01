package evalbridge

import (
	"encoding/json"
	"os"
	"syscall"
	"time"
)

// A warm re-check of a large fleet spent most of its fingerprint in
// opening and hashing every tracked file again (docs/performance.md). As
// git does for its index, the fingerprint keeps what it last learnt of
// each file (workStats, in the cache) and takes a file's id from there
// while its lstat is the same: device, inode, size, mode, and the
// modification and change times to the nanosecond. Writing a file's
// bytes sets its change time to the kernel's clock, which no
// unprivileged process can set back (utimes sets it too), so a file
// whose change time is unchanged holds the bytes it held. One exception:
// two writes within one tick of the file system's clock leave the same
// time; so an id is trusted only when the file changed racyMargin before
// it was read, a file written about when it was read is read again.

// racyMargin: a file whose change time is within this of the moment it
// was hashed is hashed again next time (coarser than any file system's
// timestamp tick nixsec may meet).
var racyMargin = 2 * time.Second

// workStat is what a file's lstat was when it was read, and its id then.
type workStat struct {
	Dev, Ino, Size, Mode uint64
	Mtime, Ctime         int64 // nanoseconds
	Read                 int64 // when it was read (nanoseconds)
	ID                   string
}

// workStats is the stat cache of one work tree.
type workStats struct {
	Key   string              `json:"key"`
	Files map[string]workStat `json:"files"`
}

// statOf is the lstat fields a workStat compares; false when there is
// no Unix stat.
func statOf(fi os.FileInfo) (workStat, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return workStat{}, false
	}
	return workStat{
		Dev: uint64(st.Dev), Ino: st.Ino, Size: uint64(max(st.Size, 0)), Mode: uint64(st.Mode), //nolint:unconvert // Dev's type differs between platforms
		Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(),
	}, true
}

// same reports whether the file is as when its id was read, and then
// old enough that a write since would have moved its change time.
func (w workStat) same(now workStat) bool {
	return w.ID != "" && w.Dev == now.Dev && w.Ino == now.Ino && w.Size == now.Size && w.Mode == now.Mode &&
		w.Mtime == now.Mtime && w.Ctime == now.Ctime && w.Ctime < w.Read-racyMargin.Nanoseconds()
}

func workStatsKey(top string) string { return Digest("workstat", cacheFormat, top) }

// loadWorkStats reads the work tree's stat cache; empty without one.
func loadWorkStats(c *Cache, top string) map[string]workStat {
	var ws workStats
	key := workStatsKey(top)
	if c == nil || !c.read(key, &ws) || ws.Key != key {
		return nil
	}
	return ws.Files
}

// storeWorkStats writes the work tree's stat cache.
func storeWorkStats(c *Cache, top string, files map[string]workStat) {
	if c == nil {
		return
	}
	key := workStatsKey(top)
	b, err := json.Marshal(workStats{Key: key, Files: files})
	if err != nil {
		return
	}
	c.writeFile(key+".json", b)
}
