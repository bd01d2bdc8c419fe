//! TLS to a `tcp://` engine, as the docker CLI speaks it: the engine's certificate checked
//! against the CA of `ca.pem` (unless verification is off), and this client's `cert.pem` and
//! `key.pem` shown when the engine asks. rustls with ring, the TLS bollard's own `ssl` feature
//! uses, so that TLS connections go through this transport and its bounds like any other.

use std::io;
use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::fault::{Fault, TransportFault};
use crate::docker::TlsFiles;
use crate::lab::Text;

/// What a TLS connection to one engine needs: the client's configuration and the name its
/// certificate must carry.
#[derive(Clone)]
pub(crate) struct Tls {
    connector: TlsConnector,
    name: ServerName<'static>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tls({:?})", self.name)
    }
}

impl Tls {
    /// The configuration for the engine at `authority` (`host:port`) with `files`; what is
    /// wrong with the files, in both languages.
    pub(crate) fn load(files: &TlsFiles, authority: &str) -> Result<Tls, Text> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| Text::new(e.to_string(), e.to_string()))?;
        let builder = if files.verify {
            let Some(ca) = &files.ca else {
                return Err(Text::new("falta ca.pem, la autoridad que firmó el certificado del motor", "ca.pem is missing, the authority that signed the engine's certificate"));
            };
            let mut roots = RootCertStore::empty();
            for cert in certificates(ca)? {
                roots.add(cert).map_err(|e| unreadable(ca, &e.to_string()))?;
            }
            builder.with_root_certificates(roots)
        } else {
            builder.dangerous().with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
        };
        let config = match (&files.cert, &files.key) {
            (Some(cert), Some(key)) => {
                let chain = certificates(cert)?;
                let secret = PrivateKeyDer::from_pem_file(key).map_err(|e| unreadable(key, &e.to_string()))?;
                builder.with_client_auth_cert(chain, secret).map_err(|e| unreadable(key, &e.to_string()))?
            }
            _ => builder.with_no_client_auth(),
        };
        let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h).trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_string()).map_err(|_| Text::new(format!("«{host}» no es un nombre de máquina"), format!("\"{host}\" is not a host name")))?;
        Ok(Tls { connector: TlsConnector::from(Arc::new(config)), name })
    }

    /// The TLS handshake over `tcp`; a failed one is a [`Fault::Tls`] in plain words.
    pub(crate) async fn connect(&self, tcp: TcpStream) -> io::Result<TlsStream<TcpStream>> {
        self.connector.connect(self.name.clone(), tcp).await.map_err(|e| explain(e).unwrap_or_else(|e| e))
    }
}

/// A TLS failure inside `e` as a [`Fault::Tls`] (`Ok`); `e` itself (`Err`) when it is another
/// failure. With TLS 1.3 an engine that refuses this client's certificate says so only after
/// the handshake, on the first read: reads are explained too.
pub(crate) fn explain(e: io::Error) -> Result<io::Error, io::Error> {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
        Some(tls) => Ok(TransportFault { host: String::new(), fault: Fault::Tls { detail: describe(tls) } }.into_io()),
        None => Err(e),
    }
}

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Text> {
    let certs = CertificateDer::pem_file_iter(path).and_then(Iterator::collect::<Result<Vec<_>, _>>).map_err(|e| unreadable(path, &e.to_string()))?;
    if certs.is_empty() {
        return Err(unreadable(path, "no certificate in it"));
    }
    Ok(certs)
}

fn unreadable(path: &Path, why: &str) -> Text {
    let path = path.display();
    Text::new(format!("no se puede leer {path}: {why}"), format!("cannot read {path}: {why}"))
}

/// A failed handshake in words a student can act on.
fn describe(e: &rustls::Error) -> Text {
    match e {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer | CertificateError::BadSignature) => Text::new(
            "el certificado del motor no lo firmó la autoridad de ca.pem",
            "the engine's certificate is not signed by the authority in ca.pem",
        ),
        rustls::Error::InvalidCertificate(CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }) => {
            Text::new("el certificado del motor es para otro nombre de máquina", "the engine's certificate is for another host name")
        }
        rustls::Error::InvalidCertificate(CertificateError::Expired | CertificateError::ExpiredContext { .. }) => {
            Text::new("el certificado del motor ha caducado", "the engine's certificate has expired")
        }
        rustls::Error::AlertReceived(_) => Text::new(
            format!("el motor rechazó la conexión ({e}): ¿falta cert.pem y key.pem firmados por su autoridad?"),
            format!("the engine refused the connection ({e}): are cert.pem and key.pem, signed by its authority, missing?"),
        ),
        other => Text::new(other.to_string(), other.to_string()),
    }
}

/// `SkipTLSVerify`: any certificate is taken, its signatures on the handshake still checked.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(&self, _: &CertificateDer<'_>, _: &[CertificateDer<'_>], _: &ServerName<'_>, _: &[u8], _: UnixTime) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_are_named() {
        let files = TlsFiles { ca: None, cert: None, key: None, verify: true };
        assert!(Tls::load(&files, "vm:2376").unwrap_err().en.contains("ca.pem is missing"));
        let files = TlsFiles { ca: Some("/nonexistent/ca.pem".into()), cert: None, key: None, verify: true };
        let e = Tls::load(&files, "vm:2376").unwrap_err();
        assert!(e.en.starts_with("cannot read /nonexistent/ca.pem") && e.es.starts_with("no se puede leer"), "{e:?}");
        let files = TlsFiles { ca: None, cert: None, key: None, verify: false };
        assert!(Tls::load(&files, "[::1]:2376").is_ok(), "no verification needs no files");
    }
}
