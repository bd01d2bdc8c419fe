//! `ports`: the short `[IP:][HOST:]CONTAINER[/PROTO]` syntax parsed the way Docker does
//! (go-connections' `nat.ParsePortSpec`), one long-syntax entry per container port.

use std::net::IpAddr;

use super::{map_at, str_at, wrong};
use crate::compose::error::LoadError;
use crate::compose::node::{Node, Span, Value};

const PORT_FIX: &str = "a port is written [IP:][HOST:]CONTAINER[/PROTOCOL], e.g. \"8080:80\", \
\"127.0.0.1:8080:80/udp\" or \"3000-3005\"";

/// One published port, as the short syntax describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortMapping {
    pub host_ip: String,
    /// The host port or host range (`"8000-8002"`), empty when Docker picks one.
    pub published: String,
    pub target: u16,
    pub protocol: String,
}

/// Parses one short port spec; ranges give one mapping per container port, ordered as compose
/// orders them (by `PORT/PROTO` text, so `"9-11"` gives 10, 11, 9).
pub fn parse_port_spec(raw: &str) -> Result<Vec<PortMapping>, String> {
    let (ip, host_port, container) = split_parts(raw);
    let (proto, container) = split_proto_port(container);
    let proto = proto.to_ascii_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid protocol `{proto}`: use tcp, udp or sctp"));
    }
    let mut ip = ip.to_string();
    if ip.starts_with('[') {
        match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(inner) if !inner.contains(['[', ']']) => ip = inner.to_string(),
            _ => return Err(format!("invalid IP address `{ip}`")),
        }
    }
    if !ip.is_empty() && ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address `{ip}`"));
    }
    if container.is_empty() {
        return Err(format!("no container port in `{raw}`"));
    }
    let (start, end) =
        parse_range(container).ok_or_else(|| format!("invalid container port `{container}`"))?;
    let (host_start, host_end) = if host_port.is_empty() {
        (0, 0)
    } else {
        parse_range(host_port).ok_or_else(|| format!("invalid host port `{host_port}`"))?
    };
    if !host_port.is_empty() && end - start != host_end - host_start && end != start {
        return Err(format!(
            "the container range `{container}` and the host range `{host_port}` differ in size"
        ));
    }
    let mut out = Vec::new();
    for i in 0..=(end - start) {
        let mut published = String::new();
        if !host_port.is_empty() {
            published = (host_start + i).to_string();
        }
        // A single container port with a host range lets Docker pick one port in the range.
        if start == end && host_start != host_end {
            published = format!("{published}-{host_end}");
        }
        out.push(PortMapping {
            host_ip: ip.clone(),
            published,
            target: start + i,
            protocol: proto.clone(),
        });
    }
    out.sort_by_key(|m| format!("{}/{}", m.target, m.protocol));
    Ok(out)
}

fn split_parts(raw: &str) -> (&str, &str, &str) {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1];
    match n {
        1 => ("", "", container),
        2 => ("", parts[0], container),
        _ => {
            // Everything before the last two parts is the IP (IPv6 has colons of its own).
            let ip_len: usize = parts[..n - 2].iter().map(|p| p.len() + 1).sum::<usize>() - 1;
            (&raw[..ip_len], parts[n - 2], container)
        }
    }
}

fn split_proto_port(raw: &str) -> (&str, &str) {
    let parts: Vec<&str> = raw.split('/').collect();
    if raw.is_empty() || parts[0].is_empty() {
        return ("", "");
    }
    if parts.len() == 1 || parts[1].is_empty() {
        return ("tcp", parts[0]);
    }
    (parts[1], parts[0])
}

/// `"80"` or `"3000-3005"`, each bound a decimal in 0..=65535.
fn parse_range(s: &str) -> Option<(u16, u16)> {
    let num = |t: &str| -> Option<u16> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    if !s.contains('-') {
        let p = num(s)?;
        return Some((p, p));
    }
    let mut parts = s.split('-');
    let start = num(parts.next()?)?;
    let end = num(parts.next()?)?;
    (end >= start).then_some((start, end))
}

/// Rewrites a service's `ports` list into long syntax.
pub(super) fn canonicalise_ports(node: &mut Node) -> Result<(), LoadError> {
    let Value::Seq(items) = &mut node.value else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`ports`", "a list"));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let spec = match &item.value {
            Value::Int(i) => i.to_string(),
            Value::Str(s) => s.clone(),
            Value::Map(_) => {
                out.push(long_port(item)?);
                continue;
            }
            _ => return Err(wrong(&item, "a port", "a string, a number or a mapping")),
        };
        let mappings = parse_port_spec(&spec).map_err(|problem| {
            LoadError::invalid(&item.span, format!("invalid port `{spec}`: {problem}")).with_fix(PORT_FIX)
        })?;
        for m in mappings {
            if m.target == 0 {
                return Err(LoadError::invalid(&item.span, format!("port `{spec}` has no target port"))
                    .with_fix(PORT_FIX));
            }
            out.push(short_port_node(&m, &item.span));
        }
    }
    *items = out;
    Ok(())
}

fn short_port_node(m: &PortMapping, span: &Span) -> Node {
    let mut entries = vec![("mode", str_at("ingress", span))];
    if !m.host_ip.is_empty() {
        entries.push(("host_ip", str_at(&m.host_ip, span)));
    }
    entries.push(("target", Node::new(Value::Int(i64::from(m.target)), span.clone())));
    if !m.published.is_empty() {
        entries.push(("published", str_at(&m.published, span)));
    }
    entries.push(("protocol", str_at(&m.protocol, span)));
    map_at(entries, span)
}

/// Long syntax is kept, with `target` as a number and `published` as text, the types the
/// short syntax produces, so both spellings compare equal.
fn long_port(mut item: Node) -> Result<Node, LoadError> {
    let Some(map) = item.as_map_mut() else { return Ok(item) };
    if let Some(target) = map.get_mut("target") {
        if let Value::Str(s) = &target.value {
            let n: u16 = s.parse().map_err(|_| {
                LoadError::invalid(&target.span, format!("invalid target port `{s}`"))
                    .with_fix("`target` is a port number, e.g. `target: 80`")
            })?;
            target.value = Value::Int(i64::from(n));
        }
    }
    if let Some(published) = map.get_mut("published") {
        if let Value::Int(i) = published.value {
            published.value = Value::Str(i.to_string());
        }
    }
    Ok(item)
}

/// `expose` entries are strings (`80` → `"80"`).
pub(super) fn canonicalise_expose(node: &mut Node) -> Result<(), LoadError> {
    let Some(items) = node.as_seq_mut() else {
        if node.is_null() {
            return Ok(());
        }
        return Err(wrong(node, "`expose`", "a list of ports"));
    };
    for item in items {
        match &item.value {
            Value::Int(i) => item.value = Value::Str(i.to_string()),
            Value::Str(_) => {}
            _ => return Err(wrong(item, "an exposed port", "a string or a number")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::canonical::test_util::plain;
    use crate::compose::node::from_json;
    use serde_json::json;

    fn pm(ip: &str, published: &str, target: u16, protocol: &str) -> PortMapping {
        PortMapping { host_ip: ip.into(), published: published.into(), target, protocol: protocol.into() }
    }

    #[test]
    fn valid_specs_parse_like_docker() {
        let cases: Vec<(&str, Vec<PortMapping>)> = vec![
            ("80", vec![pm("", "", 80, "tcp")]),
            ("8080:80", vec![pm("", "8080", 80, "tcp")]),
            ("127.0.0.1:8081:81/udp", vec![pm("127.0.0.1", "8081", 81, "udp")]),
            ("3000-3002", vec![pm("", "", 3000, "tcp"), pm("", "", 3001, "tcp"), pm("", "", 3002, "tcp")]),
            ("9090-9091:8080-8081", vec![pm("", "9090", 8080, "tcp"), pm("", "9091", 8081, "tcp")]),
            ("[::1]:80:80", vec![pm("::1", "80", 80, "tcp")]),
            ("::1:80:80", vec![pm("::1", "80", 80, "tcp")]),
            ("9-11", vec![pm("", "", 10, "tcp"), pm("", "", 11, "tcp"), pm("", "", 9, "tcp")]),
            ("8000-8002:80", vec![pm("", "8000-8002", 80, "tcp")]),
            ("80:80/UDP", vec![pm("", "80", 80, "udp")]),
            ("80/", vec![pm("", "", 80, "tcp")]),
            (":80", vec![pm("", "", 80, "tcp")]),
            ("1.2.3.4::80", vec![pm("1.2.3.4", "", 80, "tcp")]),
            ("0.0.0.0:80:80/sctp", vec![pm("0.0.0.0", "80", 80, "sctp")]),
            ("080", vec![pm("", "", 80, "tcp")]),
            ("1-2-3", vec![pm("", "", 1, "tcp"), pm("", "", 2, "tcp")]),
        ];
        for (spec, want) in cases {
            assert_eq!(parse_port_spec(spec), Ok(want), "docker compose config output for {spec:?}");
        }
    }

    #[test]
    fn invalid_specs_are_rejected() {
        for spec in [
            "70000", "abc", "8080:80/xyz", "1.2.3.4:80", "/tcp", "80:", "5-3", " 80", "80:8000-8001",
            "-80", "+80", "[::1:80:80", "1.2.3:80:80",
        ] {
            assert!(parse_port_spec(spec).is_err(), "docker compose rejects {spec:?}");
        }
    }

    #[test]
    fn short_and_long_ports_agree() {
        let mut short = from_json(&json!(["127.0.0.1:8080:80/udp", 5000]));
        let mut long = from_json(&json!([
            {"mode": "ingress", "host_ip": "127.0.0.1", "target": "80", "published": 8080, "protocol": "udp"},
            {"mode": "ingress", "target": 5000, "protocol": "tcp"}
        ]));
        assert!(canonicalise_ports(&mut short).is_ok(), "short ports parse");
        assert!(canonicalise_ports(&mut long).is_ok(), "long ports are accepted");
        assert_eq!(plain(&short), plain(&long), "short and long syntax give one canonical tree");
        let again = short.clone();
        assert!(canonicalise_ports(&mut short).is_ok(), "canonical ports stay valid");
        assert_eq!(short, again, "canonicalising twice changes nothing");
    }

    #[test]
    fn bad_port_names_its_span_and_fix() {
        let mut node = from_json(&json!(["80", "8080:80/xyz"]));
        let err = canonicalise_ports(&mut node).err();
        let err = err.as_ref();
        assert_eq!(err.and_then(|e| e.span.as_ref()).map(|s| s.line), Some(3), "the second entry is at");
        assert!(err.and_then(|e| e.fix.as_deref()).is_some_and(|f| f.contains("8080:80")), "fix shows syntax");
        let mut zero = from_json(&json!(["0"]));
        assert!(canonicalise_ports(&mut zero).is_err(), "compose rejects a port without target");
        let mut float = from_json(&json!([80.5]));
        let kind = canonicalise_ports(&mut float).err().map(|e| e.kind);
        assert_eq!(kind, Some(crate::compose::ErrorKind::WrongType), "a float port is a wrong type");
    }

    #[test]
    fn expose_numbers_become_strings() {
        let mut node = from_json(&json!([80, "90"]));
        assert!(canonicalise_expose(&mut node).is_ok(), "expose accepts numbers and strings");
        assert_eq!(plain(&node), json!(["80", "90"]), "compose prints exposed ports as strings");
    }
}
