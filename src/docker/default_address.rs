//! The engine's address when neither `DOCKER_HOST` nor a context names one, found where the
//! docker CLI and the engines students install put it: Docker Desktop's named pipe on Windows;
//! on macOS the socket of whichever of Docker Desktop, colima or OrbStack is installed (each
//! keeps its own under the home folder); `/var/run/docker.sock` everywhere else.

use std::path::Path;

pub const UNIX_SOCKET: &str = "unix:///var/run/docker.sock";
pub const WINDOWS_PIPE: &str = "npipe:////./pipe/docker_engine";

/// The macOS engines' sockets under the home folder, in the order they are tried.
const MACOS_SOCKETS: [&str; 3] = [".docker/run/docker.sock", ".colima/default/docker.sock", ".orbstack/run/docker.sock"];

/// The default address on `os` (`std::env::consts::OS`). `exists` tells whether a socket file
/// is there, so that the choice can be tested on any system.
pub fn for_system(os: &str, home: Option<&Path>, exists: &dyn Fn(&Path) -> bool) -> String {
    match os {
        "windows" => WINDOWS_PIPE.into(),
        "macos" => home
            .and_then(|home| MACOS_SOCKETS.iter().map(|s| home.join(s)).find(|p| exists(p)))
            .map_or_else(|| UNIX_SOCKET.into(), |socket| format!("unix://{}", socket.display())),
        _ => UNIX_SOCKET.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_system_has_its_own_default() {
        let home = Path::new("/Users/ana");
        let all = |_: &Path| true;
        assert_eq!(for_system("linux", Some(home), &all), UNIX_SOCKET, "Linux keeps the system socket");
        assert_eq!(for_system("windows", Some(home), &all), WINDOWS_PIPE, "Windows: Docker Desktop's pipe");
        assert_eq!(for_system("macos", Some(home), &all), "unix:///Users/ana/.docker/run/docker.sock", "Docker Desktop first");
    }

    #[test]
    fn on_macos_the_installed_engine_is_found() {
        let home = Path::new("/Users/ana");
        let only = |name: &'static str| move |p: &Path| p == home.join(name);
        assert_eq!(for_system("macos", Some(home), &only(".colima/default/docker.sock")), "unix:///Users/ana/.colima/default/docker.sock", "colima");
        assert_eq!(for_system("macos", Some(home), &only(".orbstack/run/docker.sock")), "unix:///Users/ana/.orbstack/run/docker.sock", "OrbStack");
        assert_eq!(for_system("macos", Some(home), &|_| false), UNIX_SOCKET, "none installed: the system socket");
        assert_eq!(for_system("macos", None, &|_| true), UNIX_SOCKET, "no home folder: the system socket");
    }
}
