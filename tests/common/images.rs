//! Test images built locally (no registry is reachable): a busybox rootfs from Debian's
//! `busybox-static`, `docker import`ed once per machine.

use std::process::Command;
use std::sync::OnceLock;

/// A tiny image with `sh`, `httpd`, `wget`, `sleep` and friends, tagged
/// `nivel-test/busybox:1`. Built on first use; later runs find it on the engine.
pub fn busybox() -> &'static str {
    static TAG: OnceLock<&'static str> = OnceLock::new();
    TAG.get_or_init(|| {
        let tag = "nivel-test/busybox:1";
        let present = Command::new("docker").args(["image", "inspect", tag]).output().is_ok_and(|o| o.status.success());
        if !present {
            build_busybox(tag);
        }
        tag
    })
}

fn build_busybox(tag: &str) {
    let busybox = std::path::Path::new("/bin/busybox");
    assert!(busybox.exists(), "the test image needs Debian's busybox-static (`apt-get install busybox-static`)");
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = dir.path().join("rootfs");
    for d in ["bin", "tmp", "www", "etc", "data"] {
        std::fs::create_dir_all(root.join(d)).expect("rootfs folders");
    }
    std::fs::copy(busybox, root.join("bin/busybox")).expect("copy busybox");
    for applet in ["sh", "httpd", "wget", "sleep", "cat", "echo", "ls", "true", "false", "nc", "env", "touch", "mkdir", "rm", "date", "id"] {
        std::os::unix::fs::symlink("busybox", root.join("bin").join(applet)).expect("applet link");
    }
    std::fs::write(root.join("www/index.html"), "nivel test page\n").expect("index page");
    std::fs::write(root.join("etc/passwd"), "root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n").expect("passwd");
    let tar = dir.path().join("rootfs.tar");
    let ok = Command::new("tar").args(["-C"]).arg(&root).args(["-cf"]).arg(&tar).arg(".").status().expect("tar runs");
    assert!(ok.success(), "the rootfs packs");
    let out = Command::new("docker")
        .args(["import", "--change", "CMD [\"/bin/sh\"]", "--change", "ENV PATH=/bin"])
        .arg(&tar)
        .arg(tag)
        .output()
        .expect("docker import runs");
    assert!(out.status.success(), "docker import of the busybox rootfs: {}", String::from_utf8_lossy(&out.stderr));
}

/// The MLflow tracking server image (`nivel-test/mlflow:<version>`), built by
/// `scripts/images/mlflow.sh` when missing (a few minutes: a debootstrapped Debian base and
/// MLflow from PyPI). `scripts/test.sh` builds it before the tests run.
pub fn mlflow() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/images/mlflow.sh");
        let out = Command::new("bash").arg(&script).output().expect("bash runs the image script");
        assert!(out.status.success(), "scripts/images/mlflow.sh builds the MLflow image: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    })
}
