//! A small HTTP/1.1 server on 127.0.0.1 that answers each request with what the test's own
//! function says (status, headers, body): the registries and token services that refuse or
//! count pulls, which no packaged server does. Plain HTTP, or TLS with a certificate the test
//! made. Stopped on drop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Asked {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
}

/// What the server answers.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn new(status: u16, body: &str) -> Answer {
        Answer { status, headers: Vec::new(), body: body.to_string() }
    }

    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

type Answering = Arc<dyn Fn(&Asked) -> Answer + Send + Sync>;

pub struct HttpServer {
    pub port: u16,
    /// Every request, in order.
    pub asked: Arc<Mutex<Vec<Asked>>>,
    stop: Arc<AtomicBool>,
}

impl HttpServer {
    /// Plain HTTP.
    pub fn plain(answer: impl Fn(&Asked) -> Answer + Send + Sync + 'static) -> HttpServer {
        HttpServer::start(None, Arc::new(answer))
    }

    /// TLS with `server-cert.pem` and `server-key.pem` from `certs` (see `certs::certificates`).
    pub fn tls(certs: &Path, answer: impl Fn(&Asked) -> Answer + Send + Sync + 'static) -> HttpServer {
        let chain = CertificateDer::pem_file_iter(certs.join("server-cert.pem")).unwrap().collect::<Result<Vec<_>, _>>().unwrap();
        let key = PrivateKeyDer::from_pem_file(certs.join("server-key.pem")).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        HttpServer::start(Some(Arc::new(config)), Arc::new(answer))
    }

    fn start(tls: Option<Arc<rustls::ServerConfig>>, answer: Answering) -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (asked, stop) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)));
        let (log, stopped) = (Arc::clone(&asked), Arc::clone(&stop));
        std::thread::spawn(move || {
            for tcp in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(tcp) = tcp else { continue };
                let (answer, log, tls) = (Arc::clone(&answer), Arc::clone(&log), tls.clone());
                std::thread::spawn(move || match tls {
                    Some(config) => {
                        let Ok(conn) = rustls::ServerConnection::new(config) else { return };
                        serve(rustls::StreamOwned::new(conn, tcp), &*answer, &log);
                    }
                    None => serve(tcp, &*answer, &log),
                });
            }
        });
        HttpServer { port, asked, stop }
    }

    pub fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: impl Read + Write, answer: &(dyn Fn(&Asked) -> Answer + Send + Sync), log: &Mutex<Vec<Asked>>) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut first = String::new();
        if reader.read_line(&mut first).unwrap_or(0) == 0 {
            return;
        }
        let mut words = first.split_whitespace();
        let (method, path) = (words.next().unwrap_or_default().to_string(), words.next().unwrap_or_default().to_string());
        let (mut authorization, mut length) = (None, 0usize);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                match name.to_ascii_lowercase().as_str() {
                    "authorization" => authorization = Some(value.trim().to_string()),
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let asked = Asked { method, path, authorization };
        log.lock().unwrap().push(asked.clone());
        let a = answer(&asked);
        let mut head = format!("HTTP/1.1 {} X\r\nContent-Length: {}\r\n", a.status, a.body.len());
        for (name, value) in &a.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let out = reader.get_mut();
        let body = if asked.method == "HEAD" { "" } else { a.body.as_str() };
        if out.write_all(head.as_bytes()).and_then(|()| out.write_all(body.as_bytes())).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}
