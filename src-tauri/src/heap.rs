//! Handing freed memory back to the system after a burst of work. glibc keeps the pages a
//! burst freed inside its arenas for reuse; the levels overview (every lab's files loaded and
//! judged, the engine asked) leaves about 1 MiB of them in the app's process, which would
//! otherwise count in its idle memory for as long as the window stays open.

/// Returns the free pages of every arena to the system (`malloc_trim(0)`, a few
/// milliseconds); elsewhere than on glibc, nothing.
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim takes no pointers; it walks glibc's own arenas under their locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
