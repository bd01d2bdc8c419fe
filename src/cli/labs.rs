//! `nivel labs`: the built-in labs, one line each: id, level, services and the host ports
//! they publish.

use std::io::Write;
use std::process::ExitCode;

use nivel::lab::{self, LabOverview};

use super::table;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode, CliError> {
    let data_dir = lab::data_dir().map_err(lab::ResolveError::from)?;
    let os_env: nivel::compose::Environment = std::env::vars().collect();
    let mut overviews = Vec::new();
    for builtin in lab::catalog() {
        overviews.push(lab::overview(&builtin, &data_dir, os_env.clone())?);
    }
    std::io::stdout().lock().write_all(table(&overviews).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Aligned columns; ports as host ports (`nivel up` prints their URLs per service).
fn table(labs: &[LabOverview]) -> String {
    let mut rows = vec![["ID", "LEVEL", "SERVICES", "PORTS"].map(String::from)];
    for lab in labs {
        let ports: Vec<String> = lab
            .ports
            .iter()
            .map(|p| {
                let udp = if p.protocol == "udp" { "/udp" } else { "" };
                format!("{}{udp}", p.published)
            })
            .collect();
        let ports = if ports.is_empty() { "-".to_string() } else { ports.join(", ") };
        rows.push([lab.id.clone(), lab.level.to_string(), lab.services.join(", "), ports]);
    }
    table::aligned(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nivel::lab::LabPort;

    #[test]
    fn one_aligned_row_per_lab() {
        let port = |service: &str, published: &str| LabPort { service: service.into(), published: published.into(), target: 80, protocol: "tcp".into() };
        let labs = [
            LabOverview { id: "level-0".into(), level: 0, services: vec!["api".into()], ports: vec![port("api", "8989")] },
            LabOverview { id: "level-9".into(), level: 9, services: vec!["a".into(), "b".into()], ports: vec![port("a", "80"), port("b", "8000")] },
        ];
        let expected = "\
ID        LEVEL   SERVICES   PORTS
level-0   0       api        8989
level-9   9       a, b       80, 8000
";
        assert_eq!(table(&labs), expected, "header, then id, level, services and ports per lab");
    }
}
