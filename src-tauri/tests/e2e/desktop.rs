//! The real window's surroundings for a test: a virtual display (Xvfb), a private session bus
//! (so single-instance sees only this test's app), and tauri-driver in front of WebKit's
//! WebDriver, each on its own free number so several runs can share the machine.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A process that is killed when the test lets go of it.
pub struct Owned(pub Child);

impl Drop for Owned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A display and a session bus, shared by every launch of one test.
pub struct Desktop {
    pub display: String,
    pub bus: String,
    _xvfb: Owned,
    _dbus: Owned,
}

impl Desktop {
    pub fn start() -> Desktop {
        let (display, xvfb) = xvfb();
        let mut dbus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("dbus-daemon runs (Debian's dbus package): {e}"));
        let mut first = String::new();
        let stdout = dbus.stdout.take().expect("dbus-daemon's stdout is piped");
        BufReader::new(stdout).read_line(&mut first).expect("dbus-daemon prints its address");
        Desktop { display, bus: first.trim().to_owned(), _xvfb: xvfb, _dbus: Owned(dbus) }
    }

    /// tauri-driver on free ports, launching apps with `env` on this display and bus.
    pub fn driver(&self, env: &[(&str, String)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("tauri-driver runs (`cargo install tauri-driver --locked`): {e}"));
        let owned = Owned(child);
        // Both ports: tauri-driver accepts before the WebKit driver it starts is listening, and
        // a session asked for meanwhile fails.
        wait_for_port(port, Duration::from_secs(30));
        wait_for_port(native, Duration::from_secs(30));
        Driver { port, _process: owned }
    }
}

/// A running tauri-driver.
pub struct Driver {
    pub port: u16,
    _process: Owned,
}

/// A virtual display on a number no one uses, and the Xvfb that serves it.
pub fn xvfb() -> (String, Owned) {
    // A display number no one uses: the lock file Xvfb takes is the sign of one in use.
    let base = 40 + std::process::id() % 400;
    for n in base..base + 200 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("Xvfb runs (Debian's xvfb package): {e}"));
        let owned = Owned(child);
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if socket.exists() {
                return (display, owned);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("no free X display for Xvfb");
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() { installed } else { PathBuf::from("tauri-driver") }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Waits for something to listen on `port`.
pub fn wait_for_port(port: u16, timeout: Duration) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < timeout, "the WebDriver did not listen on port {port} within {timeout:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
