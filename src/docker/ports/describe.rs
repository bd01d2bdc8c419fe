//! The lines a student reads when a lab's ports are busy: which port, who holds it, and which
//! port above it is free, in both languages. Shifting the lab's ports is the error's remedy.

use super::{BusyPort, PortHolder, SEARCH_SPAN};
use crate::lab::Text;

/// One line per busy port, e.g. `port 8080 on 127.0.0.1 is taken by python3 (pid 4242); 8081
/// is free`.
pub fn describe(busy: &[BusyPort]) -> Text {
    let lines: Vec<Text> = busy.iter().map(line).collect();
    let join = |pick: fn(&Text) -> &str| lines.iter().map(pick).collect::<Vec<_>>().join("\n");
    Text::new(join(|t| &t.es), join(|t| &t.en))
}

fn line(b: &BusyPort) -> Text {
    let w = &b.wanted;
    let port = if w.protocol.eq_ignore_ascii_case("udp") { format!("{}/udp", w.port) } else { w.port.to_string() };
    let ip = if w.host_ip.is_empty() { "0.0.0.0" } else { w.host_ip.as_str() };
    let holder = holder(b.holder.as_ref());
    let free = match b.suggestion {
        Some(s) => Text::new(format!("el {s} está libre"), format!("{s} is free")),
        None => {
            let up_to = w.port.saturating_add(SEARCH_SPAN);
            Text::new(format!("no hay ninguno libre hasta el {up_to}"), format!("none is free up to {up_to}"))
        }
    };
    Text::new(
        format!("el puerto {port} en {ip} está ocupado {}; {}", holder.es, free.es),
        format!("port {port} on {ip} is taken {}; {}", holder.en, free.en),
    )
}

fn holder(h: Option<&PortHolder>) -> Text {
    match h {
        Some(h) if h.is_engine_proxy() => Text::new(
            format!("por {} (pid {}): lo publica otro contenedor (`docker ps` muestra cuál)", h.name, h.pid),
            format!("by {} (pid {}): another container publishes it (`docker ps` shows which)", h.name, h.pid),
        ),
        Some(h) => Text::new(format!("por {} (pid {})", h.name, h.pid), format!("by {} (pid {})", h.name, h.pid)),
        None => Text::new("(el sistema no dice qué proceso lo tiene)", "(the system does not say by which process)"),
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
            describe(&b).en,
            "port 8080 on 127.0.0.1 is taken by python3 (pid 4242); 8081 is free",
            "the message the issue asks for"
        );
    }

    #[test]
    fn spanish_says_the_same() {
        let b = [busy("127.0.0.1", 8080, "tcp", Some((4242, "python3")), Some(8081))];
        assert_eq!(
            describe(&b).es,
            "el puerto 8080 en 127.0.0.1 está ocupado por python3 (pid 4242); el 8081 está libre",
            "Spanish wording"
        );
    }

    #[test]
    fn unknown_holders_engine_proxies_udp_and_no_free_port() {
        let b = [
            busy("", 5353, "udp", None, None),
            busy("0.0.0.0", 80, "tcp", Some((77, "docker-proxy")), Some(83)),
        ];
        let text = describe(&b).en;
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "one line per port: {text}");
        assert_eq!(
            lines[0],
            "port 5353/udp on 0.0.0.0 is taken (the system does not say by which process); none is free up to 6353",
            "no holder, no suggestion"
        );
        assert!(lines[1].contains("docker-proxy (pid 77): another container publishes it"), "the engine's proxy is explained: {}", lines[1]);
        assert!(lines[1].ends_with("; 83 is free"), "the free port is named: {}", lines[1]);
        assert!(describe(&b).es.contains("lo publica otro contenedor"), "in Spanish too");
    }
}
