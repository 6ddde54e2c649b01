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
// modification and change times to the nanosecond. A write(2) sets the
// change time to the kernel's clock, which no unprivileged process can
// set back (utimes sets it too), so a file whose change time is
// unchanged holds the bytes it held. Two writes within one tick of the
// file system's clock leave the same time: an id is trusted only when
// the file changed racyMargin before it was read. What lstat does not
// see: a process that keeps writing through a shared mapping of the file
// (its times move at the next write-back), as for git's index; such a
// writer changes the files between any check and any build anyway. Only
// on local file systems (localFS).

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

// sameStat reports whether two stats of a file say the same of it.
func sameStat(a, b os.FileInfo) bool {
	x, okA := statOf(a)
	y, okB := statOf(b)
	return okA && okB && x == y
}

// localFS reports whether the directory is on a local file system whose
// change times this kernel sets as it writes: on a network or FUSE file
// system, a write from another machine may reach lstat late (attribute
// caches), with the server's clock, so the stat cache is not used there.
func localFS(dir string) bool {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return false
	}
	switch uint32(st.Type) { //nolint:gosec // magic numbers are 32-bit
	case 0xEF53, // ext2, ext3, ext4
		0x58465342, // xfs
		0x9123683E, // btrfs
		0x01021994, // tmpfs
		0x2FC12FC1, // zfs
		0xF2F52010, // f2fs
		0xCA451A4E, // bcachefs
		0x794C7630: // overlayfs
		return true
	}
	return false
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
