//! Certificates made with openssl for the TLS servers tests start on 127.0.0.1.

use std::path::Path;
use std::process::Command;

/// Runs `openssl ARGS` in `dir`.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").current_dir(dir).args(args).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A CA (`ca.pem`) and, signed by it, a client certificate (`cert.pem`, `key.pem`) in `dir`;
/// with `server_ips`, also a server's certificate for those addresses (`server-cert.pem`,
/// `server-key.pem`).
pub fn certificates(dir: &Path, server_ips: &[&str]) {
    openssl(dir, &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=nivel-test-ca"]);
    let mut signed = vec![("key.pem", "cert.pem", "student", "extendedKeyUsage=clientAuth\n")];
    let names = server_ips.iter().map(|ip| format!("IP:{ip}")).collect::<Vec<_>>().join(",");
    let server_ext = format!("subjectAltName={names}\nextendedKeyUsage=serverAuth\n");
    if let Some(first) = server_ips.first() {
        signed.push(("server-key.pem", "server-cert.pem", *first, server_ext.as_str()));
    }
    for (key, cert, name, ext) in signed {
        std::fs::write(dir.join("ext"), ext).unwrap();
        openssl(dir, &["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", "req.csr", "-subj", &format!("/CN={name}")]);
        openssl(dir, &["x509", "-req", "-in", "req.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", "ext"]);
    }
}
