//! From a socket's inode to the process holding it: every process's open files are links
//! under `/proc/<pid>/fd`, and a socket's link reads `socket:[<inode>]`. Processes of other
//! users are unreadable without privileges; their sockets then have no known holder.

#[cfg(target_os = "linux")]
use std::collections::{BTreeMap, HashSet};
#[cfg(target_os = "linux")]
use std::path::Path;

#[cfg(target_os = "linux")]
use super::PortHolder;

/// The name the Docker engine's userland proxy runs under; it holds the host side of every
/// port a container publishes.
pub const ENGINE_PROXY: &str = "docker-proxy";

/// Docker Desktop's process that holds, on the host, the ports its containers publish.
pub const DESKTOP_PROXY: &str = "com.docker.backend";

/// The holders of `inodes` found under `proc_root` (normally `/proc`). When several processes
/// share a socket (a forked server), the lowest pid, the parent, is named.
#[cfg(target_os = "linux")]
pub fn holders(proc_root: &Path, inodes: &HashSet<u64>) -> BTreeMap<u64, PortHolder> {
    let mut found = BTreeMap::new();
    if inodes.is_empty() {
        return found;
    }
    let Ok(entries) = std::fs::read_dir(proc_root) else { return found };
    let mut pids: Vec<u32> = entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect();
    pids.sort_unstable();
    for pid in pids {
        let dir = proc_root.join(pid.to_string());
        let Ok(fds) = std::fs::read_dir(dir.join("fd")) else { continue };
        for fd in fds.flatten() {
            let Some(inode) = std::fs::read_link(fd.path()).ok().and_then(|l| socket_inode(&l.to_string_lossy())) else {
                continue;
            };
            if inodes.contains(&inode) && !found.contains_key(&inode) {
                let name = std::fs::read_to_string(dir.join("comm")).map(|s| s.trim_end().to_string()).unwrap_or_default();
                found.insert(inode, PortHolder { pid, name });
            }
        }
        if found.len() == inodes.len() {
            break;
        }
    }
    found
}

/// The inode in a link target of the form `socket:[12345]`.
#[cfg(target_os = "linux")]
pub fn socket_inode(link: &str) -> Option<u64> {
    link.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn socket_links_give_their_inode() {
        assert_eq!(socket_inode("socket:[4242]"), Some(4242), "a socket link");
        assert_eq!(socket_inode("pipe:[4242]"), None, "a pipe is no socket");
        assert_eq!(socket_inode("/dev/null"), None, "a file is no socket");
    }

    #[test]
    fn a_hand_built_proc_tree_names_the_parent_holding_a_socket() {
        let root = tempfile::tempdir().unwrap();
        let process = |pid: u32, comm: &str, links: &[&str]| {
            let fd = root.path().join(pid.to_string()).join("fd");
            std::fs::create_dir_all(&fd).unwrap();
            std::fs::write(root.path().join(pid.to_string()).join("comm"), format!("{comm}\n")).unwrap();
            for (i, l) in links.iter().enumerate() {
                symlink(l, fd.join(i.to_string())).unwrap();
            }
        };
        process(900, "worker", &["socket:[10]"]);
        process(12, "nginx", &["/dev/null", "socket:[10]"]);
        process(40, "python3", &["pipe:[3]", "socket:[11]"]);
        std::fs::create_dir_all(root.path().join("self")).unwrap();
        let found = holders(root.path(), &HashSet::from([10, 11, 12]));
        assert_eq!(found.get(&10), Some(&PortHolder { pid: 12, name: "nginx".into() }), "the lowest pid sharing the socket");
        assert_eq!(found.get(&11), Some(&PortHolder { pid: 40, name: "python3".into() }), "the comm file names it");
        assert_eq!(found.get(&12), None, "no process has that socket open");
    }
}
