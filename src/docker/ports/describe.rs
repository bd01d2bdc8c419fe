//! The message a student reads when a lab's port is busy: which port, who holds it, and
//! what to do (shift the lab's ports or free this one), in the student's language.

use super::{BusyPort, PortHolder, SEARCH_SPAN};
use crate::i18n::Lang;

/// One line per busy port, e.g. `port 8080 on 127.0.0.1 is taken by python3 (pid 4242); use
/// --port-offset 1 or free it; 8081 is free`.
pub fn describe(busy: &[BusyPort], lang: Lang) -> String {
    busy.iter().map(|b| line(b, lang)).collect::<Vec<_>>().join("\n")
}

fn line(b: &BusyPort, lang: Lang) -> String {
    let w = &b.wanted;
    let port = if w.protocol.eq_ignore_ascii_case("udp") { format!("{}/udp", w.port) } else { w.port.to_string() };
    let ip = if w.host_ip.is_empty() { "0.0.0.0" } else { w.host_ip.as_str() };
    let holder = holder(b.holder.as_ref(), lang);
    let advice = match (b.suggestion, lang) {
        (Some(s), Lang::En) => format!("use --port-offset {} or free it; {s} is free", s.saturating_sub(w.port)),
        (Some(s), Lang::Es) => format!("use --port-offset {} o libérelo; el {s} está libre", s.saturating_sub(w.port)),
        (None, Lang::En) => format!("free it or choose another port; none is free up to {}", w.port.saturating_add(SEARCH_SPAN)),
        (None, Lang::Es) => format!("libérelo o elija otro puerto; no hay ninguno libre hasta el {}", w.port.saturating_add(SEARCH_SPAN)),
    };
    match lang {
        Lang::En => format!("port {port} on {ip} is taken {holder}; {advice}"),
        Lang::Es => format!("el puerto {port} en {ip} está ocupado {holder}; {advice}"),
    }
}

fn holder(h: Option<&PortHolder>, lang: Lang) -> String {
    match (h, lang) {
        (Some(h), Lang::En) if h.is_engine_proxy() => {
            format!("by {} (pid {}): another container publishes it (`docker ps` shows which)", h.name, h.pid)
        }
        (Some(h), Lang::Es) if h.is_engine_proxy() => {
            format!("por {} (pid {}): lo publica otro contenedor (`docker ps` muestra cuál)", h.name, h.pid)
        }
        (Some(h), Lang::En) => format!("by {} (pid {})", h.name, h.pid),
        (Some(h), Lang::Es) => format!("por {} (pid {})", h.name, h.pid),
        (None, Lang::En) => "(the system does not say by which process)".into(),
        (None, Lang::Es) => "(el sistema no dice qué proceso lo tiene)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::HostPort;
    use super::*;

    fn busy(ip: &str, port: u16, protocol: &str, holder: Option<(u32, &str)>, suggestion: Option<u16>) -> BusyPort {
        BusyPort {
            wanted: HostPort { host_ip: ip.into(), port, protocol: protocol.into() },
            holder: holder.map(|(pid, name)| PortHolder { pid, name: name.into() }),
            suggestion,
        }
    }

    #[test]
    fn english_names_port_holder_offset_and_free_port() {
        let b = [busy("127.0.0.1", 8080, "tcp", Some((4242, "python3")), Some(8081))];
        assert_eq!(
            describe(&b, Lang::En),
            "port 8080 on 127.0.0.1 is taken by python3 (pid 4242); use --port-offset 1 or free it; 8081 is free",
            "the message the issue asks for"
        );
    }

    #[test]
    fn spanish_says_the_same() {
        let b = [busy("127.0.0.1", 8080, "tcp", Some((4242, "python3")), Some(8081))];
        assert_eq!(
            describe(&b, Lang::Es),
            "el puerto 8080 en 127.0.0.1 está ocupado por python3 (pid 4242); use --port-offset 1 o libérelo; el 8081 está libre",
            "Spanish wording"
        );
    }

    #[test]
    fn unknown_holders_engine_proxies_udp_and_no_free_port() {
        let b = [
            busy("", 5353, "udp", None, None),
            busy("0.0.0.0", 80, "tcp", Some((77, "docker-proxy")), Some(83)),
        ];
        let text = describe(&b, Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "one line per port: {text}");
        assert_eq!(
            lines[0],
            "port 5353/udp on 0.0.0.0 is taken (the system does not say by which process); free it or choose another port; none is free up to 6353",
            "no holder, no suggestion"
        );
        assert!(lines[1].contains("docker-proxy (pid 77): another container publishes it"), "the engine's proxy is explained: {}", lines[1]);
        assert!(lines[1].ends_with("use --port-offset 3 or free it; 83 is free"), "the offset reaches the free port: {}", lines[1]);
        assert!(describe(&b, Lang::Es).contains("lo publica otro contenedor"), "in Spanish too");
    }
}
